/**
 * Local publishing for trying the golden paths without a Git host: the
 * catalog module that lets the catalog read `file` locations in
 * `aiRefarch.localPublish.directory` (and nowhere else).
 *
 * @packageDocumentation
 */
export { catalogModuleLocalPublishLocations as default } from './catalogModule';
