// Healthy Prometheus history for workloads that a test has applied to the
// loopback Kubernetes API server and that its scheduler has placed on nodes
// (the test kit's scheduler.ts): what each serving runtime itself exports
// (vLLM, TGI, Triton, with their own metric names and histogram buckets),
// what kube-state-metrics exports about the pods and nodes, and DCGM GPU
// utilisation, as prometheus-operator's ServiceMonitor would scrape them.
//
// Unlike prometheusHistory.ts (one vLLM service with incidents, to check
// the figures the back end computes), every service here meets its SLOs and
// keeps its GPUs busy; what it is for is the golden-path test, which grades
// what the templates wrote with this as its live evidence. Nothing here
// knows the back end's queries: the series are what the runtimes and
// exporters document, and the entity is found through its pods' labels and
// owners as a real cluster would give them.
import { MetricFamily, openMetricsWriter, SampleLabels } from './openMetrics';
import { Manifest, Node, Pod, selects } from '../scheduler';

const MINUTE = 60;
const DAY = 86_400;

/**
 * The runtimes' own series at the versions the golden paths pin
 * (aiRefarch.servingImages), with the bucket edges as the runtime renders
 * its `le` labels.
 */
/** A latency histogram as a runtime exports it: name, unit per second, `le` labels. */
type HistogramSpec = { metric: string; scale: number; buckets: string[] };
type Runtime = 'vllm' | 'tgi' | 'triton';

export const RUNTIME_EXPORTS = {
  // vLLM v0.8.5: vllm/engine/metrics.py (Metrics.__init__); HTTP metrics
  // from prometheus-fastapi-instrumentator (status as 2xx/4xx/5xx).
  // prometheus_client writes a bound with Python's float repr: 1.0, 0.25.
  vllm: {
    ttft: {
      metric: 'vllm:time_to_first_token_seconds',
      scale: 1,
      buckets: pythonRepr([
        0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1,
        2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560,
      ]),
    },
    itl: {
      metric: 'vllm:time_per_output_token_seconds',
      scale: 1,
      buckets: pythonRepr([
        0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5,
        5, 7.5, 10, 20, 40, 80,
      ]),
    },
  },
  // TGI 3.3.0 router (router/src/server.rs): every *_duration histogram has
  // 35 buckets; the bound starts at 0.0001 and is multiplied by 1.5 before
  // each, and metrics-exporter-prometheus writes it with Rust's Display.
  tgi: {
    ttft: {
      metric: 'tgi_request_queue_duration',
      scale: 1,
      buckets: tgiBounds(),
    },
    itl: {
      metric: 'tgi_request_mean_time_per_token_duration',
      scale: 1,
      buckets: tgiBounds(),
    },
  },
  // Triton 25.01, decoupled models with --metrics-config
  // histogram_latencies=true (core src/metric_model_reporter.h):
  // milliseconds, written by prometheus-cpp.
  triton: {
    ttft: {
      metric: 'nv_inference_first_response_histogram_ms',
      scale: 1000,
      buckets: ['100', '500', '2000', '5000'],
    },
  },
} satisfies Record<Runtime, { ttft: HistogramSpec; itl?: HistogramSpec }>;

function pythonRepr(values: number[]) {
  return values.map(v => (Number.isInteger(v) ? `${v}.0` : String(v)));
}

function tgiBounds() {
  const bounds: string[] = [];
  let value = 0.0001;
  for (let i = 0; i < 35; i++) {
    value *= 1.5;
    // Rust's Display of an f64 and JavaScript's String both write the
    // shortest digits that read back as the same number.
    bounds.push(String(value));
  }
  return bounds;
}

/** How the healthy services behave: the share of requests in each latency class. */
type LatencyClass = [seconds: number, share: number];
const TTFT_CLASSES: LatencyClass[] = [
  [0.06, 0.97],
  [0.22, 0.025],
  [0.45, 0.005],
];
const ITL_CLASSES: LatencyClass[] = [
  [0.02, 0.98],
  [0.045, 0.02],
];
const REQUESTS_PER_MINUTE = 30;
/** How often a caller calls each model it depends on. */
const CALLS_PER_MINUTE = 3;
/**
 * OpenTelemetry's gen_ai.client.token.usage as its Prometheus exporter
 * writes it, with the advised buckets 1, 4, 16, … 4^13.
 */
const TOKEN_USAGE: HistogramSpec = {
  metric: 'gen_ai_client_token_usage',
  scale: 1,
  buckets: pythonRepr(Array.from({ length: 14 }, (_, i) => 4 ** i)),
};
const ERROR_SHARE = 0.0001;
const INPUT_TOKENS = 500;
const OUTPUT_TOKENS = 200;
const GPU_UTILISATION = 82;

/** kube-state-metrics' name for a Kubernetes label: `label_` and [^a-zA-Z0-9_] as `_`. */
const ksmLabel = (name: string) =>
  `label_${name.replace(/[^a-zA-Z0-9_]/g, '_')}`;

/** The GPUs a pod asks for (limits, as the device plugin requires). */
function gpusOf(pod: Pod) {
  return (pod.spec?.containers ?? []).reduce(
    (sum, c) =>
      sum +
      Number(
        c.resources?.limits?.['nvidia.com/gpu'] ??
          c.resources?.requests?.['nvidia.com/gpu'] ??
          0,
      ),
    0,
  );
}

/** Scrape times: every 15 minutes, and every minute over the last two hours. */
function scrapeTimes(end: number, days: number) {
  const times: number[] = [];
  for (let t = end - days * DAY; t < end - 2 * 3600; t += 15 * MINUTE)
    times.push(t);
  for (let t = end - 2 * 3600; t <= end; t += MINUTE) times.push(t);
  return times;
}

/** A histogram's cumulative buckets, count and sum after `count` requests. */
function histogram(
  spec: HistogramSpec,
  classes: LatencyClass[],
  count: number,
) {
  const buckets = spec.buckets.map(le =>
    classes.reduce(
      (n, [seconds, share]) =>
        seconds * spec.scale <= Number(le) ? n + share * count : n,
      0,
    ),
  );
  const sum = classes.reduce(
    (s, [seconds, share]) => s + seconds * spec.scale * share * count,
    0,
  );
  return { buckets, count, sum };
}

/** A Service fronting a serving runtime, and the model name it serves. */
export type ServingTarget = {
  namespace: string;
  service: string;
  runtime: Runtime;
  model: string;
  /** 0 for a pooling model: embeddings, re-ranking. */
  outputTokens?: number;
};

/** A service that calls models, scraped through the Service of that name. */
export type ModelCaller = {
  namespace: string;
  service: string;
  calls: { model: string; operation: string; input: number; output: number }[];
};

/**
 * What the serving history is generated from.
 *
 * - pods: as placed (spec.nodeName); services: the Kubernetes Services;
 * - serving: which Service fronts which runtime and served model name;
 * - callers: each call's tokens counted as OpenTelemetry's
 *   gen_ai.client.token.usage (as the RAG golden path's app/models.py
 *   exports it);
 * - podLabelsAllowlist: pod labels kube-state-metrics exports
 *   (--metric-labels-allowlist);
 * - pipelines: RAG ingestion jobs that push the time of each successful run
 *   to the Pushgateway, run every everySeconds (the Pushgateway serves the
 *   last push until the next).
 */
export type ServingHistoryOptions = {
  end: number;
  days?: number;
  nodes: Node[];
  pods: Pod[];
  services: Manifest[];
  serving: ServingTarget[];
  callers?: ModelCaller[];
  pipelines?: { job: string; everySeconds: number }[];
  podLabelsAllowlist?: string[];
};

/** The serving fleet's history, and the pods it scraped. */
export function generateServingHistory(options: ServingHistoryOptions): {
  text: string;
  pods: { namespace: string; pod: string; service: string }[];
} {
  const end = Math.floor(options.end / MINUTE) * MINUTE;
  const days = options.days ?? 3;
  const times = scrapeTimes(end, days);
  const start = times[0];
  const allowlist = options.podLabelsAllowlist ?? [
    'backstage.io/kubernetes-id',
  ];
  const { family, point, text } = openMetricsWriter();
  const F = {
    http: family('http_requests', 'counter', 'vLLM: HTTP requests'),
    tgiCount: family('tgi_request_count', 'counter', 'TGI: requests'),
    tgiFailure: family('tgi_request_failure', 'counter', 'TGI: failures'),
    tgiInput: family(
      'tgi_request_input_length',
      'histogram',
      'TGI: input tokens',
    ),
    tgiGenerated: family(
      'tgi_request_generated_tokens',
      'histogram',
      'TGI: generated tokens',
    ),
    tritonSuccess: family(
      'nv_inference_request_success',
      'counter',
      'Triton: successful requests',
    ),
    tritonFailure: family(
      'nv_inference_request_failure',
      'counter',
      'Triton: failed requests',
    ),
    vllmPrompt: family('vllm:prompt_tokens', 'counter', 'vLLM: prompt tokens'),
    vllmGeneration: family(
      'vllm:generation_tokens',
      'counter',
      'vLLM: generated tokens',
    ),
    requests: family(
      'kube_pod_container_resource_requests',
      'gauge',
      'kube-state-metrics: container requests',
    ),
    podLabels: family(
      'kube_pod_labels',
      'gauge',
      'kube-state-metrics: pod labels',
    ),
    podOwner: family('kube_pod_owner', 'gauge', 'kube-state-metrics: owners'),
    replicaSetOwner: family(
      'kube_replicaset_owner',
      'gauge',
      'kube-state-metrics: ReplicaSet owners',
    ),
    nodeLabels: family(
      'kube_node_labels',
      'gauge',
      'kube-state-metrics: node labels',
    ),
    dcgm: family('DCGM_FI_DEV_GPU_UTIL', 'gauge', 'DCGM: GPU utilisation'),
    ingest: family(
      'rag_ingest_last_success_timestamp_seconds',
      'gauge',
      'RAG ingestion: when the index was last refreshed (Pushgateway)',
    ),
  };
  const writeHistogram = (
    spec: HistogramSpec,
    labels: SampleLabels,
    t: number,
    h: ReturnType<typeof histogram>,
  ) => {
    const f: MetricFamily = family(spec.metric, 'histogram', spec.metric);
    spec.buckets.forEach((le, j) =>
      point(f, `${spec.metric}_bucket`, { ...labels, le }, t, h.buckets[j]),
    );
    point(f, `${spec.metric}_bucket`, { ...labels, le: '+Inf' }, t, h.count);
    point(f, `${spec.metric}_count`, labels, t, h.count);
    point(f, `${spec.metric}_sum`, labels, t, Number(h.sum.toFixed(3)));
  };

  const running = options.pods.filter(
    (p): p is Pod & { spec: { nodeName: string } } =>
      p.status?.phase === 'Running' && Boolean(p.spec?.nodeName),
  );
  /** The running pods that a Service, which must have been applied, selects. */
  const podsBehind = ({
    namespace,
    service: name,
  }: {
    namespace: string;
    service: string;
  }) => {
    const service = options.services.find(
      x =>
        x.kind === 'Service' &&
        x.metadata?.name === name &&
        (x.metadata.namespace ?? 'default') === namespace,
    );
    if (!service) {
      throw new Error(`no Service ${namespace}/${name} was applied`);
    }
    return running.filter(
      p =>
        p.metadata.namespace === namespace &&
        selects({ matchLabels: service.spec.selector }, p.metadata.labels),
    );
  };
  const scraped: { namespace: string; pod: string; service: string }[] = [];
  for (const s of options.serving) {
    const exports = RUNTIME_EXPORTS[s.runtime];
    const outputTokens = s.outputTokens ?? OUTPUT_TOKENS;
    for (const pod of podsBehind(s)) {
      scraped.push({
        namespace: s.namespace,
        pod: pod.metadata.name,
        service: s.service,
      });
      // prometheus-operator's target labels for a ServiceMonitor endpoint.
      const target = {
        namespace: s.namespace,
        pod: pod.metadata.name,
        service: s.service,
      };
      for (const t of times) {
        const requests = Math.round(
          ((t - start) / MINUTE) * REQUESTS_PER_MINUTE,
        );
        const errors = Math.floor(requests * ERROR_SHARE);
        const ttft = histogram(exports.ttft, TTFT_CLASSES, requests);
        if (s.runtime === 'vllm') {
          for (const [status, n] of [
            ['2xx', requests - errors],
            ['5xx', errors],
          ] as const) {
            point(
              F.http,
              'http_requests_total',
              {
                ...target,
                handler: '/v1/chat/completions',
                method: 'POST',
                status,
              },
              t,
              n,
            );
          }
          const model = { ...target, model_name: s.model };
          writeHistogram(exports.ttft, model, t, ttft);
          const itl = RUNTIME_EXPORTS.vllm.itl;
          writeHistogram(
            itl,
            model,
            t,
            histogram(itl, ITL_CLASSES, requests * outputTokens),
          );
          point(
            F.vllmPrompt,
            'vllm:prompt_tokens_total',
            model,
            t,
            requests * INPUT_TOKENS,
          );
          point(
            F.vllmGeneration,
            'vllm:generation_tokens_total',
            model,
            t,
            requests * outputTokens,
          );
        } else if (s.runtime === 'tgi') {
          point(F.tgiCount, 'tgi_request_count', target, t, requests);
          point(
            F.tgiFailure,
            'tgi_request_failure',
            { ...target, err: 'generation' },
            t,
            errors,
          );
          writeHistogram(exports.ttft, target, t, ttft);
          const itl = RUNTIME_EXPORTS.tgi.itl;
          writeHistogram(itl, target, t, histogram(itl, ITL_CLASSES, requests));
          for (const [f, metric, perRequest] of [
            [F.tgiInput, 'tgi_request_input_length', INPUT_TOKENS],
            [F.tgiGenerated, 'tgi_request_generated_tokens', outputTokens],
          ] as const) {
            point(f, `${metric}_count`, target, t, requests);
            point(f, `${metric}_sum`, target, t, requests * perRequest);
          }
        } else {
          const model = { ...target, model: s.model, version: '1' };
          point(
            F.tritonSuccess,
            'nv_inference_request_success',
            model,
            t,
            requests - errors,
          );
          point(
            F.tritonFailure,
            'nv_inference_request_failure',
            { ...model, reason: 'BACKEND' },
            t,
            errors,
          );
          writeHistogram(exports.ttft, model, t, ttft);
        }
      }
    }
  }

  for (const c of options.callers ?? []) {
    for (const pod of podsBehind(c)) {
      const target = {
        namespace: c.namespace,
        pod: pod.metadata.name,
        service: c.service,
      };
      for (const t of times) {
        const calls = Math.round(((t - start) / MINUTE) * CALLS_PER_MINUTE);
        for (const call of c.calls) {
          for (const [type, tokens] of [
            ['input', call.input],
            ['output', call.output],
          ] as const) {
            if (!tokens) continue;
            writeHistogram(
              TOKEN_USAGE,
              {
                ...target,
                gen_ai_operation_name: call.operation,
                gen_ai_request_model: call.model,
                gen_ai_token_type: type,
              },
              t,
              histogram(TOKEN_USAGE, [[tokens, 1]], calls),
            );
          }
        }
      }
    }
  }

  // kube-state-metrics and DCGM, for every running pod and every node.
  for (const t of times) {
    for (const p of options.pipelines ?? []) {
      // Scraped from the Pushgateway with honor_labels: the job's own label.
      point(
        F.ingest,
        'rag_ingest_last_success_timestamp_seconds',
        { job: p.job },
        t,
        Math.floor(t / p.everySeconds) * p.everySeconds,
      );
    }
    for (const pod of running) {
      const { namespace, name } = pod.metadata;
      const gpus = gpusOf(pod);
      if (gpus > 0) {
        point(
          F.requests,
          'kube_pod_container_resource_requests',
          {
            namespace,
            pod: name,
            node: pod.spec.nodeName,
            container: pod.spec.containers?.[0]?.name ?? 'main',
            resource: 'nvidia_com_gpu',
            unit: 'integer',
          },
          t,
          gpus,
        );
        for (let g = 0; g < gpus; g++) {
          point(
            F.dcgm,
            'DCGM_FI_DEV_GPU_UTIL',
            {
              gpu: String(g),
              Hostname: pod.spec.nodeName,
              namespace,
              pod: name,
              container: pod.spec.containers?.[0]?.name ?? 'main',
            },
            t,
            GPU_UTILISATION,
          );
        }
      }
      const labels = Object.fromEntries(
        allowlist
          .filter(l => pod.metadata.labels?.[l] !== undefined)
          .map(l => [ksmLabel(l), pod.metadata.labels[l]]),
      );
      point(
        F.podLabels,
        'kube_pod_labels',
        { namespace, pod: name, ...labels },
        t,
        1,
      );
      const owners = (pod.metadata.ownerReferences ?? []) as {
        kind: string;
        name: string;
        controller?: boolean;
      }[];
      for (const owner of owners) {
        point(
          F.podOwner,
          'kube_pod_owner',
          {
            namespace,
            pod: name,
            owner_kind: owner.kind,
            owner_name: owner.name,
            owner_is_controller: String(Boolean(owner.controller)),
          },
          t,
          1,
        );
        if (owner.kind === 'ReplicaSet') {
          point(
            F.replicaSetOwner,
            'kube_replicaset_owner',
            {
              namespace,
              replicaset: owner.name,
              owner_kind: 'Deployment',
              // A ReplicaSet is named <deployment>-<pod-template-hash>.
              owner_name: owner.name.replace(/-[^-]+$/, ''),
              owner_is_controller: 'true',
            },
            t,
            1,
          );
        }
      }
    }
    for (const node of options.nodes) {
      point(
        F.nodeLabels,
        'kube_node_labels',
        {
          node: node.metadata.name,
          ...Object.fromEntries(
            Object.entries(node.metadata.labels ?? {}).map(([k, v]) => [
              ksmLabel(k),
              v,
            ]),
          ),
        },
        t,
        1,
      );
    }
  }
  return { text: text(), pods: scraped };
}
