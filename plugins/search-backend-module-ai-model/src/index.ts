/**
 * Search module: AIModel entities in the catalog index with their model
 * fields.
 *
 * @packageDocumentation
 */
export { searchModuleAiModel as default } from './module';
export { createAIModelEntityTransformer } from './transformer';
