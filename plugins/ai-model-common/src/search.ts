import { AIModelType, DataClassification } from './AIModelEntityV1alpha1';

/**
 * What a catalog search document of an AIModel carries besides the catalog
 * document's own fields (title, text, kind, namespace, owner, lifecycle):
 * written by `@ai-refarch/plugin-search-backend-module-ai-model`, shown by
 * the model search result item of `@ai-refarch/plugin-ai-model`.
 *
 * @public
 */
export interface AIModelSearchFields {
  modelType: AIModelType;
  provider: string;
  version: string;
  dataClassification: DataClassification;
  /** Formatted, e.g. "8.03B". */
  parameters?: string;
  /** Formatted, in tokens, e.g. "128K". */
  contextWindow?: string;
  /** The serving runtime, e.g. "vllm"; absent for a model nobody serves. */
  runtime?: string;
  license?: string;
}
