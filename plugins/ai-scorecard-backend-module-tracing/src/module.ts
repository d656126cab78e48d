import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  aiScorecardCollectorsExtensionPoint,
  readTraceBackends,
} from '@ai-refarch/plugin-ai-scorecard-node';
import { TraceFactCollector } from './TraceFactCollector';

/**
 * Trace evidence for the scorecard: whether each AI service's traces
 * arrived in Langfuse, Phoenix, LangSmith or Helicone over the last day (fact
 * `tracing.traces`, rules llm-observability.tracing and
 * llm-observability.service-tracing).
 *
 * @public
 */
export const aiScorecardModuleTracing = createBackendModule({
  pluginId: 'ai-scorecard',
  moduleId: 'tracing',
  register(reg) {
    reg.registerInit({
      deps: {
        scorecard: aiScorecardCollectorsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scorecard, config, catalog }) {
        const tracing = config.getOptionalConfig('aiScorecard.tracing');
        scorecard.addCollector(
          new TraceFactCollector({
            backends: readTraceBackends(config),
            catalog,
            cacheTtlMs: tracing?.has('cacheTtl')
              ? durationToMilliseconds(
                  readDurationFromConfig(tracing, { key: 'cacheTtl' }),
                )
              : undefined,
          }),
        );
      },
    });
  },
});
