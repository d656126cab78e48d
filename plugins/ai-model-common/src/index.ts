/**
 * The AIModel catalog kind of the AI Reference Architecture suite.
 *
 * @packageDocumentation
 */
export * from './AIModelEntityV1alpha1';
export * from './relations';
export * from './annotations';
export * from './evaluations';
export * from './semantics';
export * from './sizing';
export * from './format';
export * from './search';
export * from './mlflow/MlflowClient';
export * from './kubeflow/KubeflowModelRegistryClient';
export * from './registryHttp';
export * from './requestInput';
export * from './advisors';
export * from './permissions';
