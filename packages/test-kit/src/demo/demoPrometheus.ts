// The demo data source: Debian's Prometheus over 30 days of synthetic
// history for the example catalog's vLLM chat service, its model and the
// LLM gateway (packages/test-kit/src/history/prometheusHistory.ts), and the app-config that
// points the back end at it. The cards label it as demo data.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateHistory } from '../history/prometheusHistory';
import { PrometheusOptions, startPrometheus } from '../servers/prometheus';

export const DEMO_NAMES = {
  namespace: 'serving',
  service: 'vllm-chat',
  model: 'llama-3-1-8b-instruct',
  gateway: 'llm-gateway',
  gpuType: 'nvidia-l4',
};

/** Starts the demo Prometheus and writes `app-config.demo.json` next to its data. */
export async function startDemoPrometheus(options: PrometheusOptions = {}) {
  const end = Math.floor(Date.now() / 1000);
  const { text } = generateHistory({ end, seed: 2026, names: DEMO_NAMES });
  const prometheus = await startPrometheus({ openmetrics: text, ...options });
  const configFile = join(prometheus.dir, 'app-config.demo.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      aiOps: {
        prometheus: {
          default: 'demo',
          sources: {
            demo: {
              baseUrl: prometheus.baseUrl,
              title: 'Demo Prometheus (synthetic history)',
              demo: true,
              // Its hosted calls count cached input tokens apart.
              hostedTokens: { cachedInputValue: 'cached_input' },
              // The gateway's counter names tenant, direction and model.
              tenantTokens: {
                metric: 'ai_refarch_tokens_total',
                typeLabel: 'direction',
                modelLabel: 'model',
              },
            },
          },
        },
      },
    }),
  );
  return { ...prometheus, configFile };
}
