import { dirname, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  stringifyLocationRef,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';

/**
 * Gives an entity registered from a repository in the publish directory the
 * `backstage.io/source-location` that the catalog gives `url` locations, as
 * a `file://` URL that the local publish URL reader serves.
 */
export class LocalPublishSourceLocationProcessor implements CatalogProcessor {
  constructor(
    private readonly root: string,
    /** Where file locations may point: the publish directory and the configured locations' directories. */
    private readonly allowed: string[] = [root],
  ) {}

  getProcessorName() {
    return 'LocalPublishSourceLocationProcessor';
  }

  /**
   * Refuses a Location whose file target lies outside the allowed
   * directories before anything reads it: `file` locations are on for the
   * local publisher, not for any file on the back end's disk.
   */
  private checkFileTargets(entity: Entity, location: LocationSpec) {
    if (entity.kind !== 'Location') return;
    const spec = (entity.spec ?? {}) as {
      type?: string;
      target?: string;
      targets?: string[];
    };
    if ((spec.type ?? location.type) !== 'file') return;
    const base =
      location.type === 'file' ? dirname(resolve(location.target)) : '.';
    for (const target of [
      ...(spec.target ? [spec.target] : []),
      ...(spec.targets ?? []),
    ]) {
      const file = resolve(base, target);
      if (!this.allowed.some(dir => file.startsWith(dir + sep))) {
        throw new Error(
          `file locations are allowed only under ${this.allowed.join(
            ', ',
          )} (aiRefarch.localPublish.directory and the configured catalog locations)`,
        );
      }
    }
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
  ): Promise<Entity> {
    this.checkFileTargets(entity, location);
    if (location.type !== 'file') return entity;
    const file = resolve(location.target);
    if (!file.startsWith(this.root + sep)) return entity;
    const repository = file.slice(0, file.indexOf(sep, this.root.length + 1));
    if (entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION])
      return entity;
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          [ANNOTATION_SOURCE_LOCATION]: stringifyLocationRef({
            type: 'url',
            target: `${pathToFileURL(repository)}/`,
          }),
        },
      },
    };
  }
}

/**
 * Lets the catalog accept `file` locations when golden paths publish to a
 * local directory (`aiRefarch.localPublish`), so a template run registers its
 * result without a Git host, and points the entities registered from there
 * at their published repository. Without that config the catalog keeps its
 * default of `url` locations only.
 *
 * @public
 */
export const catalogModuleLocalPublishLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-publish-locations',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ locations, processing, config }) {
        const directory = config.getOptionalString(
          'aiRefarch.localPublish.directory',
        );
        if (directory) {
          locations.setAllowedLocationTypes(['url', 'file']);
          // The directories of the configured file locations (the example
          // catalog, the templates) stay readable; nothing else on disk.
          const configured = (
            config.getOptionalConfigArray('catalog.locations') ?? []
          )
            .filter(l => l.getString('type') === 'file')
            .map(l => dirname(resolve(l.getString('target'))));
          const root = resolve(directory);
          processing.addProcessor(
            new LocalPublishSourceLocationProcessor(root, [
              root,
              ...new Set(configured),
            ]),
          );
        }
      },
    });
  },
});
