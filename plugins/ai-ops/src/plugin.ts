import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { aiOpsApiRef, AiOpsClient } from './api';

/** Cost and SLO cards, for apps on Backstage's legacy frontend system. @public */
export const aiOpsPlugin = createPlugin({
  id: 'ai-ops',
  apis: [
    createApiFactory({
      api: aiOpsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AiOpsClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The SLO card for Component and AIModel pages. @public */
export const EntitySloCard: () => JSX.Element = aiOpsPlugin.provide(
  createComponentExtension({
    name: 'EntitySloCard',
    component: {
      lazy: () =>
        import('./components/EntitySloCard').then(m => m.EntitySloCard),
    },
  }),
);

/** The cost card for Component and AIModel pages. @public */
export const EntityCostCard: () => JSX.Element = aiOpsPlugin.provide(
  createComponentExtension({
    name: 'EntityCostCard',
    component: {
      lazy: () =>
        import('./components/EntityCostCard').then(m => m.EntityCostCard),
    },
  }),
);

/** The team cost card for Group pages: its AI models' cost within their SLOs. @public */
export const EntityTeamCostCard: () => JSX.Element = aiOpsPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamCostCard',
    component: {
      lazy: () =>
        import('./components/EntityTeamCostCard').then(
          m => m.EntityTeamCostCard,
        ),
    },
  }),
);
