// A fleet of model servers for benchmarks: `count` vLLM services, each an
// entity with an availability and a TTFT SLO, and the Prometheus history
// that their SLOs read (vLLM's HTTP request counter by status and its
// time-to-first-token histogram), sampled hourly. To keep 1,000 services'
// history small enough to backfill, only the histogram buckets the SLOs
// name are written (le 0.5 and +Inf, with the count and sum), and the
// series carry only the labels the SLOs select by (service, status,
// model_name): a real vLLM exports 22 buckets and prometheus-operator adds
// namespace and pod, which change Prometheus's index size, not the queries
// the back end makes.
import { openMetricsWriter } from './openmetrics.mjs';

const MINUTE = 60;
const DAY = 86_400;

/** The catalog entities, as one YAML stream (JSON documents are YAML). */
export function fleetEntities(count) {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `fleet-${i}`,
        annotations: {
          'ai-refarch.io/runtime': 'vllm',
          'ai-refarch.io/prometheus-labels': `service=fleet-${i}`,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/ml-platform',
        slos: [
          {
            name: 'availability',
            indicator: { type: 'availability' },
            timeWindow: [{ duration: '7d', isRolling: true }],
            objectives: [{ target: 0.995 }],
          },
          {
            name: 'ttft',
            indicator: { type: 'ttft' },
            timeWindow: [{ duration: '7d', isRolling: true }],
            objectives: [{ target: 0.95, op: 'lte', value: 0.5 }],
          },
        ],
      },
    }),
  ).join('\n---\n');
}

/** `days` of history ending at `end` (unix seconds) for the fleet. */
export function fleetHistory({ count, end, days }) {
  const { family, point, text } = openMetricsWriter();
  const http = family('http_requests', 'counter', 'vLLM: HTTP requests');
  const ttft = family(
    'vllm:time_to_first_token_seconds',
    'histogram',
    'vLLM: time to first token',
  );
  const start = end - days * DAY;
  for (let i = 0; i < count; i++) {
    const target = { service: `fleet-${i}` };
    // Each service its own load and error share, so no two answers match.
    const perMinute = 10 + (i % 17);
    const errorShare = 0.0005 * (i % 7);
    for (let t = start; t <= end; t += 60 * MINUTE) {
      const requests = Math.round(((t - start) / MINUTE) * perMinute);
      const errors = Math.floor(requests * errorShare);
      for (const [status, n] of [
        ['2xx', requests - errors],
        ['5xx', errors],
      ]) {
        point(http, 'http_requests_total', { ...target, status }, t, n);
      }
      const model = { ...target, model_name: `fleet-${i}` };
      const fast = Math.round(requests * (0.97 - 0.001 * (i % 11)));
      point(
        ttft,
        'vllm:time_to_first_token_seconds_bucket',
        { ...model, le: '0.5' },
        t,
        fast,
      );
      point(
        ttft,
        'vllm:time_to_first_token_seconds_bucket',
        { ...model, le: '+Inf' },
        t,
        requests,
      );
      point(ttft, 'vllm:time_to_first_token_seconds_count', model, t, requests);
      point(
        ttft,
        'vllm:time_to_first_token_seconds_sum',
        model,
        t,
        requests * 0.2,
      );
    }
  }
  return text();
}
