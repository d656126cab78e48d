/**
 * The AI model catalog: a model catalog page and AIModel entity page cards.
 *
 * Apps on the new frontend system use `@ai-refarch/plugin-ai-model/alpha`;
 * this entry point serves apps on the legacy system.
 *
 * @packageDocumentation
 */
export {
  aiModelPlugin,
  AIModelCatalogPage,
  EntityAIModelOverviewCard,
  EntityAIModelLineageCard,
  EntityAIModelEvaluationsCard,
  EntityAIModelServingCard,
  EntityAIModelProvenanceCard,
  EntityServedModelsCard,
  AIModelSearchResultListItem,
} from './plugin';
export { isAIModelSearchResult } from './search';
export type { AIModelSearchResultListItemProps } from './components/AIModelSearchResultListItem';
export { isModelComponent } from './filters';
export { rootRouteRef } from './routes';
