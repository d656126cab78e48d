import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { aiOpsApiRef, AiOpsClient } from './api';

const api = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: aiOpsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AiOpsClient({ discoveryApi, fetchApi }),
    }),
});

const served = { kind: { $in: ['component', 'aimodel'] } };

const sloCard = EntityCardBlueprint.make({
  name: 'slo',
  params: {
    filter: served,
    loader: () =>
      import('./components/EntitySloCard').then(m => <m.EntitySloCard />),
  },
});

const costCard = EntityCardBlueprint.make({
  name: 'cost',
  params: {
    filter: served,
    loader: () =>
      import('./components/EntityCostCard').then(m => <m.EntityCostCard />),
  },
});

/**
 * Cost and SLO cards on Component and AIModel pages, for Backstage's new
 * frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ai-ops',
  title: 'AI cost and SLOs',
  extensions: [api, sloCard, costCard],
});
