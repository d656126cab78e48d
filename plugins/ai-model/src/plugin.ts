import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { createSearchResultListItemExtension } from '@backstage/plugin-search-react';
import { rootRouteRef } from './routes';
import { isAIModelSearchResult } from './search';
import type { AIModelSearchResultListItemProps } from './components/AIModelSearchResultListItem';

/** The AI model plugin, for apps on Backstage's legacy frontend system. @public */
export const aiModelPlugin = createPlugin({
  id: 'ai-model',
  routes: { root: rootRouteRef },
});

/** The model catalog page. @public */
export const AIModelCatalogPage: () => JSX.Element = aiModelPlugin.provide(
  createRoutableExtension({
    name: 'AIModelCatalogPage',
    component: () =>
      import('./components/AIModelCatalogPage').then(m => m.AIModelCatalogPage),
    mountPoint: rootRouteRef,
  }),
);

const cardExtension = <K extends string>(
  name: K,
  load: () => Promise<() => JSX.Element>,
) =>
  aiModelPlugin.provide(
    createComponentExtension({ name, component: { lazy: load } }),
  );

/** @public */
export const EntityAIModelOverviewCard = cardExtension(
  'EntityAIModelOverviewCard',
  () => import('./components/AIModelCards').then(m => m.AIModelOverviewCard),
);
/** @public */
export const EntityAIModelLineageCard = cardExtension(
  'EntityAIModelLineageCard',
  () => import('./components/AIModelCards').then(m => m.AIModelLineageCard),
);
/** @public */
export const EntityAIModelEvaluationsCard = cardExtension(
  'EntityAIModelEvaluationsCard',
  () => import('./components/AIModelCards').then(m => m.AIModelEvaluationsCard),
);
/** @public */
export const EntityAIModelServingCard = cardExtension(
  'EntityAIModelServingCard',
  () => import('./components/AIModelCards').then(m => m.AIModelServingCard),
);
/** @public */
export const EntityAIModelProvenanceCard = cardExtension(
  'EntityAIModelProvenanceCard',
  () => import('./components/AIModelCards').then(m => m.AIModelProvenanceCard),
);
/** @public */
export const EntityServedModelsCard = cardExtension(
  'EntityServedModelsCard',
  () => import('./components/ServedModelsCard').then(m => m.ServedModelsCard),
);

/**
 * AIModels in search results, with their model fields: put it in the search
 * page's `<SearchResult>` before the catalog's result item, which would take
 * every catalog document.
 *
 * @public
 */
export const AIModelSearchResultListItem: (
  props: AIModelSearchResultListItemProps,
) => JSX.Element | null = aiModelPlugin.provide(
  createSearchResultListItemExtension({
    name: 'AIModelSearchResultListItem',
    component: () =>
      import('./components/AIModelSearchResultListItem').then(
        m => m.AIModelSearchResultListItem,
      ),
    predicate: isAIModelSearchResult,
  }),
);
