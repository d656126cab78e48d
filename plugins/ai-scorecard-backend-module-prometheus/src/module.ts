import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { aiScorecardCollectorsExtensionPoint } from '@ai-refarch/plugin-ai-scorecard-node';
import { PrometheusFactCollector } from './PrometheusFactCollector';

/**
 * Prometheus evidence for the scorecard, read through the ai-ops back end
 * (install `@ai-refarch/plugin-ai-ops-backend` too).
 *
 * @public
 */
export const aiScorecardModulePrometheus = createBackendModule({
  pluginId: 'ai-scorecard',
  moduleId: 'prometheus',
  register(reg) {
    reg.registerInit({
      deps: {
        scorecard: aiScorecardCollectorsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scorecard, discovery, auth }) {
        scorecard.addCollector(
          new PrometheusFactCollector({ discovery, auth }),
        );
      },
    });
  },
});
