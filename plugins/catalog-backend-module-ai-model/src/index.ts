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
export { KubeflowEntityProvider } from './kubeflow/KubeflowEntityProvider';
export type { KubeflowMappingContext } from './kubeflow/mapping';
export { RegistryEntityProvider } from './registry/RegistryEntityProvider';
export type { RegistryDefaults } from './registry/fields';
export { FeastEntityProvider } from './feast/FeastEntityProvider';
export { FeastRegistryClient } from './feast/FeastRegistryClient';
export type {
  FeastFeatureService,
  FeastFeatureView,
  FeastField,
} from './feast/FeastRegistryClient';
export { feastResourceName } from './feast/mapping';
export type { FeastMappingContext } from './feast/mapping';
export { WandbEntityProvider } from './wandb/WandbEntityProvider';
export {
  WANDB_REGISTRY_PREFIX,
  WandbRegistryClient,
} from './wandb/WandbRegistryClient';
export type {
  WandbRegistry,
  WandbRegistryVersion,
  WandbRunInput,
} from './wandb/WandbRegistryClient';
export type { WandbMappingContext } from './wandb/mapping';
