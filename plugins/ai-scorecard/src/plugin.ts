import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { aiScorecardApiRef, AiScorecardClient } from './api';
import { rootRouteRef } from './routes';

/** The architecture scorecard, for apps on Backstage's legacy frontend system. @public */
export const aiScorecardPlugin = createPlugin({
  id: 'ai-scorecard',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: aiScorecardApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AiScorecardClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The Architecture review page. @public */
export const ArchitectureReviewPage: () => JSX.Element =
  aiScorecardPlugin.provide(
    createRoutableExtension({
      name: 'ArchitectureReviewPage',
      component: () =>
        import('./components/ArchitectureReviewPage').then(
          m => m.ArchitectureReviewPage,
        ),
      mountPoint: rootRouteRef,
    }),
  );

/** The scorecard card for Component, AIModel and Resource pages. @public */
export const EntityScorecardCard: () => JSX.Element = aiScorecardPlugin.provide(
  createComponentExtension({
    name: 'EntityScorecardCard',
    component: {
      lazy: () =>
        import('./components/EntityScorecardCard').then(
          m => m.EntityScorecardCard,
        ),
    },
  }),
);

/**
 * The full scorecard of an entity, for an entity page tab: every rule with
 * its evidence, waivers and the score history.
 *
 * @public
 */
export const EntityScorecardContent: () => JSX.Element =
  aiScorecardPlugin.provide(
    createComponentExtension({
      name: 'EntityScorecardContent',
      component: {
        lazy: () =>
          import('./components/EntityScorecardContent').then(
            m => m.EntityScorecardContent,
          ),
      },
    }),
  );
