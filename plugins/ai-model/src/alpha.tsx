import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { SearchResultListItemBlueprint } from '@backstage/plugin-search-react/alpha';
import MemoryIcon from '@material-ui/icons/Memory';
import { isModelComponent } from './filters';
import { rootRouteRef } from './routes';
import { isAIModelSearchResult } from './search';
import { aiModelTranslationRef } from './translation';

const isAIModel = 'kind:aimodel';

const modelCatalogPage = PageBlueprint.make({
  params: {
    path: '/ai-models',
    title: aiModelTranslationRef('page.title'),
    icon: <MemoryIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/AIModelCatalogPage').then(m => (
        <m.AIModelCatalogPage />
      )),
  },
});

const card = (
  name: string,
  load: () => Promise<JSX.Element>,
  type: 'info' | 'content' = 'content',
) =>
  EntityCardBlueprint.make({
    name,
    params: { filter: isAIModel, type, loader: load },
  });

const cards = [
  card(
    'overview',
    () =>
      import('./components/AIModelCards').then(m => <m.AIModelOverviewCard />),
    'info',
  ),
  card('lineage', () =>
    import('./components/AIModelCards').then(m => <m.AIModelLineageCard />),
  ),
  card('evaluations', () =>
    import('./components/AIModelCards').then(m => <m.AIModelEvaluationsCard />),
  ),
  card('serving', () =>
    import('./components/AIModelCards').then(m => <m.AIModelServingCard />),
  ),
  card('provenance', () =>
    import('./components/AIModelCards').then(m => <m.AIModelProvenanceCard />),
  ),
  EntityCardBlueprint.make({
    name: 'served-models',
    params: {
      filter: isModelComponent,
      loader: () =>
        import('./components/ServedModelsCard').then(m => (
          <m.ServedModelsCard />
        )),
    },
  }),
];

// Search takes the first result item whose predicate matches; list this one
// before the catalog's in app.extensions, which would take every catalog
// document.
const searchResultItem = SearchResultListItemBlueprint.make({
  params: {
    predicate: isAIModelSearchResult,
    icon: <MemoryIcon />,
    component: () =>
      import('./components/AIModelSearchResultListItem').then(
        m => m.AIModelSearchResultListItem,
      ),
  },
});

/**
 * The AI model catalog for Backstage's new frontend system: the model
 * catalog page at /ai-models, the AIModel entity page cards, a card on
 * Components that serve or use models, and models in search results.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ai-model',
  title: 'AI Models',
  icon: <MemoryIcon fontSize="inherit" />,
  routes: { root: rootRouteRef },
  extensions: [modelCatalogPage, ...cards, searchResultItem],
});

export { aiModelTranslationRef } from './translation';
