import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { aiOpsApiRef, AiOpsClient } from './api';
import { aiOpsCostEntityFilter, aiOpsSloEntityFilter } from './filters';

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

/**
 * Cost and SLO cards on the pages of models and AI services (see
 * `aiOpsCostEntityFilter` and `aiOpsSloEntityFilter`), for Backstage's new
 * frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ai-ops',
  title: 'AI cost and SLOs',
  extensions: [api, sloCard, costCard],
});

export { aiOpsTranslationRef } from './translation';
