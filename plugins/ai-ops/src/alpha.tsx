import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { aiOpsApiRef, AiOpsClient } from './api';
import {
  aiOpsCostEntityFilter,
  aiOpsSloEntityFilter,
  aiOpsTeamCostEntityFilter,
} from './filters';

const api = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: aiOpsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AiOpsClient({ discoveryApi, fetchApi }),
    }),
});

const sloCard = EntityCardBlueprint.make({
  name: 'slo',
  params: {
    filter: aiOpsSloEntityFilter,
    loader: () =>
      import('./components/EntitySloCard').then(m => <m.EntitySloCard />),
  },
});

const costCard = EntityCardBlueprint.make({
  name: 'cost',
  params: {
    filter: aiOpsCostEntityFilter,
    loader: () =>
      import('./components/EntityCostCard').then(m => <m.EntityCostCard />),
  },
});

const teamCostCard = EntityCardBlueprint.make({
  name: 'team-cost',
  params: {
    filter: aiOpsTeamCostEntityFilter,
    loader: () =>
      import('./components/EntityTeamCostCard').then(m => (
        <m.EntityTeamCostCard />
      )),
  },
});

/**
 * Cost and SLO cards on the pages of models and AI services (see
 * `aiOpsCostEntityFilter` and `aiOpsSloEntityFilter`), and the team cost
 * card on Group pages, for Backstage's new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ai-ops',
  title: 'AI cost and SLOs',
  extensions: [api, sloCard, costCard, teamCostCard],
});

export { aiOpsTranslationRef } from './translation';
