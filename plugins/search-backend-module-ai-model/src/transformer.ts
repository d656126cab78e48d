import {
  AIModelSearchFields,
  formatContext,
  formatParameters,
  isAIModelEntity,
} from '@ai-refarch/plugin-ai-model-common';
import {
  CatalogCollatorEntityTransformer,
  defaultCatalogCollatorEntityTransformer,
} from '@backstage/plugin-search-backend-module-catalog';

/**
 * The catalog collator's transformer with the model fields added to AIModel
 * documents: the fields themselves (for the model result item and for
 * search engines that filter on them) and a sentence in `text`, because
 * engines such as Lunr index only the text fields every catalog document
 * has. Other entities go through `fallback` unchanged, so an organisation's
 * own transformer keeps working.
 *
 * @public
 */
export function createAIModelEntityTransformer(
  fallback: CatalogCollatorEntityTransformer = defaultCatalogCollatorEntityTransformer,
): CatalogCollatorEntityTransformer {
  return entity => {
    const document = fallback(entity);
    if (!isAIModelEntity(entity)) return document;
    const { spec } = entity;
    const fields: AIModelSearchFields = {
      modelType: spec.type,
      provider: spec.provider,
      version: spec.version,
      dataClassification: spec.dataClassification,
      ...(spec.parameters !== undefined && {
        parameters: formatParameters(spec.parameters),
      }),
      ...(spec.contextWindow !== undefined && {
        contextWindow: formatContext(spec.contextWindow),
      }),
      ...(spec.serving && { runtime: spec.serving.runtime }),
      ...(spec.license && { license: spec.license }),
    };
    const facts = [
      `${spec.type} model by ${spec.provider}, version ${spec.version}`,
      spec.family && `family ${spec.family}`,
      fields.parameters && `${fields.parameters} parameters`,
      fields.contextWindow && `${fields.contextWindow} tokens of context`,
      spec.serving
        ? `served with ${spec.serving.runtime}`
        : 'not served by the platform',
      spec.license && `licence ${spec.license}`,
      `${spec.dataClassification} data`,
      spec.registry &&
        `registered in ${spec.registry.type} as ${spec.registry.name}`,
    ].filter(Boolean);
    return {
      ...document,
      type: spec.type,
      text: [document.text, `${facts.join('; ')}.`].filter(Boolean).join(' '),
      ...fields,
    };
  };
}
