import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { aiScorecardApiRef, AiScorecardClient } from './api';
import { rootRouteRef } from './routes';
import { aiScorecardEntityFilter } from './filters';
import { aiScorecardTranslationRef } from './translation';

const api = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: aiScorecardApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AiScorecardClient({ discoveryApi, fetchApi }),
    }),
});

const reviewPage = PageBlueprint.make({
  params: {
    path: '/architecture-review',
    title: aiScorecardTranslationRef('plugin.pageTitle'),
    icon: <AssessmentIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/ArchitectureReviewPage').then(m => (
        <m.ArchitectureReviewPage />
      )),
  },
});

const scorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: aiScorecardEntityFilter,
    loader: () =>
      import('./components/EntityScorecardCard').then(m => (
        <m.EntityScorecardCard />
      )),
  },
});

const scorecardContent = EntityContentBlueprint.make({
  name: 'scorecard',
  params: {
    path: '/scorecard',
    title: aiScorecardTranslationRef('plugin.tabTitle'),
    filter: aiScorecardEntityFilter,
    loader: () =>
      import('./components/EntityScorecardContent').then(m => (
        <m.EntityScorecardContent />
      )),
  },
});

/**
 * The architecture scorecard for Backstage's new frontend system: the
 * Architecture review page, and a scorecard card and a Scorecard tab on
 * the pages it applies to (`aiScorecardEntityFilter`).
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ai-scorecard',
  title: 'Architecture review',
  icon: <AssessmentIcon fontSize="inherit" />,
  routes: { root: rootRouteRef },
  extensions: [api, reviewPage, scorecardCard, scorecardContent],
});

export { aiScorecardTranslationRef } from './translation';
