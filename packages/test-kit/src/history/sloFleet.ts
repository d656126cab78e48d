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
import { closeSync, openSync, writeSync } from 'node:fs';
import { openMetricsWriter } from './openMetrics';

const MINUTE = 60;
const DAY = 86_400;

/** The catalog entities, as one YAML stream (JSON documents are YAML). */
export function fleetEntities(count: number) {
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
export function fleetHistory({
  count,
  end,
  days,
}: {
  count: number;
  end: number;
  days: number;
}) {
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
      ] as const) {
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

/**
 * The Prometheus history of the live collector benchmark's serving fleet
 * (plugins/ai-scorecard-backend-module-kubernetes/bench): for each of
 * `count` vLLM Deployments svc-i in namespace serving-(i % 50), serving
 * model-i, its HTTP requests by status, its time-to-first-token histogram
 * (le 0.5 and +Inf) labelled with service and model, and its pod
 * (kube_pod_labels with backstage.io/kubernetes-id, one GPU requested on a
 * node with kube_node_labels, DCGM utilisation), every `step` seconds over
 * `days`; written straight to `file` as OpenMetrics, since it does not fit
 * in one string. Returns the number of samples.
 */
export function writeServingFleetHistory(
  file: string,
  {
    count,
    nodes,
    end,
    days,
    step,
  }: { count: number; nodes: number; end: number; days: number; step: number },
) {
  const fd = openSync(file, 'w');
  let buffer: string[] = [];
  let samples = 0;
  const flush = () => {
    writeSync(fd, `${buffer.join('\n')}\n`);
    buffer = [];
  };
  const line = (text: string) => {
    buffer.push(text);
    samples++;
    if (buffer.length >= 50_000) flush();
  };
  const header = (name: string, type: string, help: string) => {
    buffer.push(`# TYPE ${name} ${type}`, `# HELP ${name} ${help}`);
  };
  const start = end - days * DAY;
  const times: number[] = [];
  for (let t = start; t <= end; t += step) times.push(t);
  const ns = (i: number) => `serving-${i % 50}`;
  const pod = (i: number) => `svc-${i}-7d9c8-0`;
  header('http_requests', 'counter', 'vLLM: HTTP requests');
  for (let i = 0; i < count; i++) {
    const perMinute = 10 + (i % 17);
    const errorShare = 0.0005 * (i % 7);
    for (const t of times) {
      const requests = Math.round(((t - start) / MINUTE) * perMinute);
      const errors = Math.floor(requests * errorShare);
      line(
        `http_requests_total{service="svc-${i}",status="2xx"} ${
          requests - errors
        } ${t}`,
      );
      line(
        `http_requests_total{service="svc-${i}",status="5xx"} ${errors} ${t}`,
      );
    }
  }
  header(
    'vllm:time_to_first_token_seconds',
    'histogram',
    'vLLM: time to first token',
  );
  for (let i = 0; i < count; i++) {
    const perMinute = 10 + (i % 17);
    const labels = `service="svc-${i}",model_name="model-${i}"`;
    for (const t of times) {
      const requests = Math.round(((t - start) / MINUTE) * perMinute);
      const fast = Math.round(requests * (0.97 - 0.001 * (i % 11)));
      line(
        `vllm:time_to_first_token_seconds_bucket{${labels},le="0.5"} ${fast} ${t}`,
      );
      line(
        `vllm:time_to_first_token_seconds_bucket{${labels},le="+Inf"} ${requests} ${t}`,
      );
      line(
        `vllm:time_to_first_token_seconds_count{${labels}} ${requests} ${t}`,
      );
      line(
        `vllm:time_to_first_token_seconds_sum{${labels}} ${
          requests * 0.2
        } ${t}`,
      );
    }
  }
  header('kube_pod_labels', 'gauge', 'kube-state-metrics: pod labels');
  for (let i = 0; i < count; i++) {
    for (const t of times) {
      line(
        `kube_pod_labels{namespace="${ns(i)}",pod="${pod(
          i,
        )}",label_backstage_io_kubernetes_id="svc-${i}"} 1 ${t}`,
      );
    }
  }
  header(
    'kube_pod_container_resource_requests',
    'gauge',
    'kube-state-metrics: requests',
  );
  for (let i = 0; i < count; i++) {
    for (const t of times) {
      line(
        `kube_pod_container_resource_requests{namespace="${ns(i)}",pod="${pod(
          i,
        )}",container="server",node="gpu-node-${
          i % nodes
        }",resource="nvidia_com_gpu",unit="integer"} 1 ${t}`,
      );
    }
  }
  header('kube_node_labels', 'gauge', 'kube-state-metrics: node labels');
  for (let n = 0; n < nodes; n++) {
    for (const t of times) {
      line(
        `kube_node_labels{node="gpu-node-${n}",label_ai_refarch_io_capacity="${
          n % 10 < 3 ? 'spot' : 'on-demand'
        }",label_ai_refarch_io_gpu_type="nvidia-l4"} 1 ${t}`,
      );
    }
  }
  header('DCGM_FI_DEV_GPU_UTIL', 'gauge', 'DCGM: GPU utilisation');
  for (let i = 0; i < count; i++) {
    for (const [k, t] of times.entries()) {
      line(
        `DCGM_FI_DEV_GPU_UTIL{namespace="${ns(i)}",pod="${pod(i)}",gpu="0"} ${
          (i * 7 + k * 13) % 100
        } ${t}`,
      );
    }
  }
  buffer.push('# EOF');
  flush();
  closeSync(fd);
  return samples;
}
