/**
 * Scaffolder actions for the AI Infrastructure Reference Architecture golden paths.
 *
 * @packageDocumentation
 */
export { scaffolderModuleAiRefarch as default } from './module';
export { createPublishLocalAction } from './actions/publishLocal';
export { createGpuSizingAction } from './actions/gpuSizing';
export { createEngineArgsAction } from './actions/engineArgs';
export type { ServingImages } from './engine/servingImages';
export { createSloRulesAction } from './actions/sloRules';
export { createAIModelEntityAction } from './actions/aiModelEntity';
