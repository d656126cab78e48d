/**
 * Catalog module for the AIModel kind.
 *
 * @packageDocumentation
 */
export { catalogModuleAiModel as default } from './module';
export { AIModelEntitiesProcessor } from './processor/AIModelEntitiesProcessor';
export type { EntityExistence } from './processor/AIModelEntitiesProcessor';
export { MlflowEntityProvider } from './mlflow/MlflowEntityProvider';
export type { MappingContext } from './mlflow/mapping';
