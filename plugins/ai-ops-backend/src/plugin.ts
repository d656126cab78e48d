import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readGpuPrices } from '@ai-refarch/plugin-ai-model-common';
import { readTraceBackends } from '@ai-refarch/plugin-ai-scorecard-node';
import { readAiOpsConfig } from './config';
import { createRouter } from './router';
import { AiOpsService } from './services/AiOpsService';

/**
 * Cost and SLO reports for AI services and models, computed from Prometheus.
 *
 * @public
 */
export const aiOpsPlugin = createBackendPlugin({
  pluginId: 'ai-ops',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, cache, httpRouter, httpAuth, catalog }) {
        const aiOps = readAiOpsConfig(config);
        if (aiOps.sources.size) {
          logger.info(
            `Prometheus data sources: ${[...aiOps.sources.values()]
              .map(s => `${s.id} (${s.displayUrl}${s.demo ? ', demo' : ''})`)
              .join(', ')}; default ${aiOps.defaultSource ?? 'none'}`,
          );
        } else {
          logger.info(
            'No Prometheus data source configured (aiOps.prometheus.sources): the cost and SLO cards say so',
          );
        }
        const service = new AiOpsService({
          config: aiOps,
          prices: {
            gpu: readGpuPrices(config),
            instance: aiOps.instancePrices,
          },
          catalog,
          cache,
          // Quality SLOs over online evaluations read the trace back ends
          // the scorecard reads (aiScorecard.tracing).
          traceBackends: readTraceBackends(config),
        });
        httpRouter.use(createRouter({ httpAuth, service }));
      },
    });
  },
});
