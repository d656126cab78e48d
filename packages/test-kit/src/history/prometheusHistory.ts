// A seeded generator of Prometheus history for AI workloads, in OpenMetrics
// text for `promtool tsdb create-blocks-from openmetrics`, with the truth it
// was generated from: every request, error, latency bucket, token and GPU
// minute is counted as it is drawn, so tests can compare what the back end
// computes with what really happened.
//
// One vLLM service (its pods: one on demand, one on spot that is interrupted
// and replaced; a container restart resets counters twice), the AIModel it
// serves, a RAG service whose calls are a quarter of the model's requests
// (OpenTelemetry GenAI token usage; its pod requests no GPU), a gateway
// calling two hosted API models, tenant-labelled token
// counters, kube-state-metrics GPU requests and node labels, DCGM
// utilisation, an hourly evaluation score, an unrelated pod on the same
// nodes, and an error-rate incident in the last 40 minutes.

import { openMetricsWriter, SampleLabels } from './openMetrics';

const MINUTE = 60;
const DAY = 86_400;

/** mulberry32: small, fast, and the same sequence for the same seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The value of the first class whose cumulative share `u` falls under. */
function drawn(u: number, classes: [share: number, value: number][]) {
  return classes.find(([share]) => u < share)?.[1];
}

const TTFT_BUCKETS = [0.25, 0.5, 1, 2.5];
const ITL_BUCKETS = [0.05, 0.1, 0.25];
// Tenant, share of requests, and how long its prompts are against the
// others' (globex summarises long documents): tenants differ per direction.
const TENANTS: Array<[tenant: string, share: number, promptScale: number]> = [
  ['acme', 0.5, 1],
  ['globex', 0.3, 3],
  ['initech', 0.2, 0.5],
];
// Model, input and output tokens per call, and the share of the input served
// from the provider's prompt cache (counted within the input, as OpenAI and
// OpenTelemetry's gen_ai.usage.input_tokens count it).
const HOSTED: Array<
  [model: string, input: number, output: number, cachedShare: number]
> = [
  ['gpt-4o', 3000, 800, 0.4],
  ['claude-sonnet-4', 2000, 600, 0.25],
];

export const HISTORY_DEFAULTS = {
  namespace: 'serving',
  service: 'chat',
  model: 'llama',
  gateway: 'gateway',
  caller: 'rag',
  gpuType: 'nvidia-l4',
  gpusPerPod: 2,
};

/** What the history is generated for. */
export type HistoryOptions = {
  /** Unix seconds of the last sample (rounded down to a minute). */
  end: number;
  days?: number;
  seed?: number;
  names?: Partial<typeof HISTORY_DEFAULTS>;
};

type Capacity = 'on-demand' | 'spot';
type HistoryPod = {
  pod: string;
  node: string;
  capacity: Capacity;
  instanceType?: string;
  from: number;
  to: number;
  util: number;
  restarts: number[];
};
type PerMinute = Float64Array;
const perKey = <K extends string>(keys: K[], minutes: number) =>
  Object.fromEntries(keys.map(k => [k, new Float64Array(minutes)])) as Record<
    K,
    PerMinute
  >;

/** The history's exposition, the truth it was drawn from and its names. */
export type History = ReturnType<typeof generateHistory>;
/** What really happened, per minute, in a generated history. */
export type HistoryTruth = History['truth'];

export function generateHistory(options: HistoryOptions) {
  const names = { ...HISTORY_DEFAULTS, ...options.names };
  const days = options.days ?? 30;
  const end = Math.floor(options.end / MINUTE) * MINUTE;
  const start = end - days * DAY;
  const random = rng(options.seed ?? 7);
  const minutes = days * 1440;
  /** Minute i covers (start + i·60, start + (i+1)·60]; its events are scraped at its end. */
  const minuteEnd = (i: number) => start + (i + 1) * MINUTE;
  const incidentFrom = end - 40 * MINUTE;

  const pods: HistoryPod[] = [
    {
      pod: `${names.service}-a`,
      node: 'gpu-od-1',
      capacity: 'on-demand',
      from: start,
      to: end,
      util: 72,
      restarts: [start + 5 * DAY],
    },
    {
      pod: `${names.service}-b`,
      node: 'gpu-spot-1',
      capacity: 'spot',
      from: start,
      to: start + 10 * DAY,
      util: 41,
      restarts: [],
    },
    {
      pod: `${names.service}-c`,
      node: 'gpu-spot-2',
      capacity: 'spot',
      instanceType: 'g6.12xlarge',
      from: start + 10 * DAY + 6 * 3600,
      to: end,
      util: 38,
      restarts: [end - 2 * DAY],
    },
  ];
  const decoy = {
    pod: 'batch-embedder-x',
    node: 'gpu-od-1',
    workload: 'batch-embedder',
  };

  const tenants = TENANTS.map(([t]) => t);
  const nodes = pods.map(p => p.node);
  // Truth, per minute.
  const T = {
    start,
    end,
    // The service's pods: where they ran, on which capacity, from when to when.
    pods: pods.map(({ pod, node, capacity, from, to }) => ({
      namespace: names.namespace,
      pod,
      node,
      capacity,
      from,
      to,
    })),
    requests: new Float64Array(minutes),
    errors: new Float64Array(minutes),
    ttftGood: new Float64Array(minutes), // TTFT <= 0.5 s
    // Tokens of the requests whose TTFT met 0.5 s.
    ttftGoodTokens: new Float64Array(minutes),
    // Requests with TTFT at or under each bucket bound (TTFT_BUCKETS), for
    // the percentiles.
    ttftLe: TTFT_BUCKETS.map(() => new Float64Array(minutes)),
    ttftBuckets: TTFT_BUCKETS,
    itlGood: new Float64Array(minutes), // inter-token latency <= 0.1 s
    inputTokens: new Float64Array(minutes),
    outputTokens: new Float64Array(minutes),
    // Seconds the requests spent in prefill and in decode.
    prefillSeconds: new Float64Array(minutes),
    decodeSeconds: new Float64Array(minutes),
    // The tokens of the caller's requests (every fourth request).
    callerTokens: {
      input: new Float64Array(minutes),
      output: new Float64Array(minutes),
    },
    tenantTokens: perKey(tenants, minutes),
    tenantInput: perKey(tenants, minutes),
    tenantOutput: perKey(tenants, minutes),
    gpus: {
      'on-demand': new Float64Array(minutes),
      spot: new Float64Array(minutes),
    },
    gpusByNode: perKey(nodes, minutes),
    busyGpus: new Float64Array(minutes), // GPUs × utilisation
    // Idle GPUs (GPUs × (1 − utilisation)) per node, so idle cost can be
    // priced per pod: the on-demand and spot pods are loaded differently.
    idleGpusByNode: perKey(nodes, minutes),
    hosted: Object.fromEntries<
      Record<'input' | 'cached' | 'output', PerMinute>
    >(
      HOSTED.map(([m]) => [
        m,
        {
          input: new Float64Array(minutes),
          cached: new Float64Array(minutes),
          output: new Float64Array(minutes),
        },
      ]),
    ),
    quality: [] as Array<[t: number, score: number]>,
  };

  const { family, point, text } = openMetricsWriter();

  const httpF = family(
    'http_requests',
    'counter',
    'HTTP requests of the vLLM OpenAI server',
  );
  const ttftF = family(
    'vllm:time_to_first_token_seconds',
    'histogram',
    'Time to first token',
  );
  const itlF = family(
    'vllm:time_per_output_token_seconds',
    'histogram',
    'Time per output token',
  );
  const promptF = family('vllm:prompt_tokens', 'counter', 'Prompt tokens');
  const prefillF = family(
    'vllm:request_prefill_time_seconds',
    'histogram',
    'Time spent in the prefill phase per request',
  );
  const decodeF = family(
    'vllm:request_decode_time_seconds',
    'histogram',
    'Time spent in the decode phase per request',
  );
  const genF = family('vllm:generation_tokens', 'counter', 'Generated tokens');
  const tenantF = family(
    'ai_refarch_tokens',
    'counter',
    'Tokens by tenant at the gateway',
  );
  const reqF = family(
    'kube_pod_container_resource_requests',
    'gauge',
    'kube-state-metrics requests',
  );
  const podLabelsF = family(
    'kube_pod_labels',
    'gauge',
    'kube-state-metrics pod labels',
  );
  const nodeLabelsF = family(
    'kube_node_labels',
    'gauge',
    'kube-state-metrics node labels',
  );
  const dcgmF = family('DCGM_FI_DEV_GPU_UTIL', 'gauge', 'GPU utilisation');
  const podOwnerF = family(
    'kube_pod_owner',
    'gauge',
    "Information about the Pod's owner",
  );
  const replicaSetOwnerF = family(
    'kube_replicaset_owner',
    'gauge',
    "Information about the ReplicaSet's owner",
  );
  const genAiF = family(
    'gen_ai_client_token_usage',
    'histogram',
    'OpenTelemetry GenAI token usage',
  );
  const qualityF = family(
    'ragas_faithfulness',
    'gauge',
    'Faithfulness of the nightly evaluation',
  );

  // Cumulative counters per pod (reset on restart) and per service.
  const state = new Map<string, ReturnType<typeof fresh>>();
  function fresh() {
    return {
      ok: 0,
      err: 0,
      ttft: TTFT_BUCKETS.map(() => 0),
      ttftCount: 0,
      ttftSum: 0,
      itl: ITL_BUCKETS.map(() => 0),
      itlCount: 0,
      itlSum: 0,
      prompt: 0,
      gen: 0,
      requests: 0,
      prefill: 0,
      decode: 0,
    };
  }
  const tenantCounters = Object.fromEntries(
    TENANTS.map(([t]) => [t, { input: 0, output: 0 }]),
  );
  const hostedCounters = Object.fromEntries<{
    input: number;
    cached: number;
    output: number;
    count: number;
  }>(HOSTED.map(([m]) => [m, { input: 0, cached: 0, output: 0, count: 0 }]));
  const callerCounters = { input: 0, output: 0, count: 0 };

  for (let i = 0; i < minutes; i++) {
    const t = minuteEnd(i);
    const scrape = t > end - 3 * DAY || (t - start) % 300 === 0;
    for (const p of pods) {
      if (t <= p.from || t > p.to) continue;
      let c = state.get(p.pod);
      if (!c || p.restarts.some(r => r > t - MINUTE && r <= t))
        state.set(p.pod, (c = fresh()));
      const errorRate = t > incidentFrom ? 0.3 : 0.002;
      const n = 30 + Math.floor(random() * 21);
      for (let k = 0; k < n; k++) {
        const failed = random() < errorRate;
        if (failed) c.err++;
        else c.ok++;
        T.requests[i]++;
        if (failed) T.errors[i]++;
        const u = random();
        const ttft =
          drawn(u, [
            [0.85, 0.15],
            [0.96, 0.4],
            [0.99, 0.8],
          ]) ?? 2;
        TTFT_BUCKETS.forEach((b, j) => {
          if (ttft <= b) {
            c.ttft[j]++;
            T.ttftLe[j][i]++;
          }
        });
        c.ttftCount++;
        c.ttftSum += ttft;
        if (ttft <= 0.5) T.ttftGood[i]++;
        // A second draw only for the slower tenth, as before.
        let itl = 0.03;
        if (random() >= 0.9) itl = random() < 0.8 ? 0.08 : 0.2;
        ITL_BUCKETS.forEach((b, j) => {
          if (itl <= b) c.itl[j]++;
        });
        c.itlCount++;
        c.itlSum += itl;
        if (itl <= 0.1) T.itlGood[i]++;
        const tu = random();
        let acc = 0;
        const [tenant, , promptScale] =
          TENANTS.find(([, share]) => {
            acc += share;
            return tu < acc;
          }) ?? TENANTS[TENANTS.length - 1];
        const input = Math.round(
          (300 + Math.floor(random() * 400)) * promptScale,
        );
        const output = 100 + Math.floor(random() * 200);
        tenantCounters[tenant].input += input;
        tenantCounters[tenant].output += output;
        T.tenantTokens[tenant][i] += input + output;
        T.tenantInput[tenant][i] += input;
        T.tenantOutput[tenant][i] += output;
        c.prompt += input;
        c.gen += output;
        // Prefill is most of the time to first token (the rest is the
        // queue); decode is one inter-token gap per generated token.
        const prefill = ttft * 0.9;
        const decode = itl * output;
        c.requests++;
        c.prefill += prefill;
        c.decode += decode;
        T.prefillSeconds[i] += prefill;
        T.decodeSeconds[i] += decode;
        T.inputTokens[i] += input;
        T.outputTokens[i] += output;
        if (ttft <= 0.5) T.ttftGoodTokens[i] += input + output;
        if (k % 4 === 0) {
          callerCounters.input += input;
          callerCounters.output += output;
          callerCounters.count++;
          T.callerTokens.input[i] += input;
          T.callerTokens.output[i] += output;
        }
      }
      T.gpus[p.capacity][i] += names.gpusPerPod;
      T.gpusByNode[p.node][i] += names.gpusPerPod;
      T.busyGpus[i] += names.gpusPerPod * (p.util / 100);
      T.idleGpusByNode[p.node][i] += names.gpusPerPod * (1 - p.util / 100);
      if (scrape) {
        const base = {
          namespace: names.namespace,
          pod: p.pod,
          service: names.service,
        };
        point(
          httpF,
          'http_requests_total',
          { ...base, status: '2xx' },
          t,
          c.ok,
        );
        point(
          httpF,
          'http_requests_total',
          { ...base, status: '5xx' },
          t,
          c.err,
        );
        const model = { ...base, model_name: names.model };
        TTFT_BUCKETS.forEach((b, j) =>
          point(
            ttftF,
            'vllm:time_to_first_token_seconds_bucket',
            { ...model, le: String(b) },
            t,
            c.ttft[j],
          ),
        );
        point(
          ttftF,
          'vllm:time_to_first_token_seconds_bucket',
          { ...model, le: '+Inf' },
          t,
          c.ttftCount,
        );
        point(
          ttftF,
          'vllm:time_to_first_token_seconds_count',
          model,
          t,
          c.ttftCount,
        );
        point(
          ttftF,
          'vllm:time_to_first_token_seconds_sum',
          model,
          t,
          Number(c.ttftSum.toFixed(3)),
        );
        ITL_BUCKETS.forEach((b, j) =>
          point(
            itlF,
            'vllm:time_per_output_token_seconds_bucket',
            { ...model, le: String(b) },
            t,
            c.itl[j],
          ),
        );
        point(
          itlF,
          'vllm:time_per_output_token_seconds_bucket',
          { ...model, le: '+Inf' },
          t,
          c.itlCount,
        );
        point(
          itlF,
          'vllm:time_per_output_token_seconds_count',
          model,
          t,
          c.itlCount,
        );
        point(
          itlF,
          'vllm:time_per_output_token_seconds_sum',
          model,
          t,
          Number(c.itlSum.toFixed(3)),
        );
        point(promptF, 'vllm:prompt_tokens_total', model, t, c.prompt);
        for (const [f, name, sum] of [
          [prefillF, 'vllm:request_prefill_time_seconds', c.prefill],
          [decodeF, 'vllm:request_decode_time_seconds', c.decode],
        ] as const) {
          point(f, `${name}_bucket`, { ...model, le: '+Inf' }, t, c.requests);
          point(f, `${name}_count`, model, t, c.requests);
          point(f, `${name}_sum`, model, t, Number(sum.toFixed(3)));
        }
        point(genF, 'vllm:generation_tokens_total', model, t, c.gen);
        const k = { namespace: names.namespace, pod: p.pod, node: p.node };
        point(
          reqF,
          'kube_pod_container_resource_requests',
          {
            ...k,
            container: 'vllm',
            resource: 'nvidia_com_gpu',
            unit: 'integer',
          },
          t,
          names.gpusPerPod,
        );
        point(
          podLabelsF,
          'kube_pod_labels',
          {
            namespace: names.namespace,
            pod: p.pod,
            label_backstage_io_kubernetes_id: names.service,
          },
          t,
          1,
        );
        // The replacement spot node carries its instance type, not a GPU type.
        const type: SampleLabels = p.instanceType
          ? { label_node_kubernetes_io_instance_type: p.instanceType }
          : { label_ai_refarch_io_gpu_type: names.gpuType };
        point(
          nodeLabelsF,
          'kube_node_labels',
          {
            node: p.node,
            // Karpenter's label, and the one the GPU cluster golden path
            // puts on its node pools (the cost back end's default).
            label_karpenter_sh_capacity_type: p.capacity,
            label_ai_refarch_io_capacity: p.capacity,
            ...type,
          },
          t,
          1,
        );
        for (let g = 0; g < names.gpusPerPod; g++) {
          point(
            dcgmF,
            'DCGM_FI_DEV_GPU_UTIL',
            { namespace: names.namespace, pod: p.pod, gpu: String(g) },
            t,
            p.util,
          );
        }
      }
    }
    if (scrape) {
      // An unrelated pod on the on-demand node: never part of the service.
      point(
        reqF,
        'kube_pod_container_resource_requests',
        {
          namespace: 'batch',
          pod: decoy.pod,
          node: decoy.node,
          container: 'worker',
          resource: 'nvidia_com_gpu',
          unit: 'integer',
        },
        t,
        1,
      );
      // No kube_pod_labels for it (kube-state-metrics exports no pod labels
      // unless allow-listed): it is found through its owners, as OpenCost
      // maps workloads: Pod → ReplicaSet → Deployment.
      point(
        podOwnerF,
        'kube_pod_owner',
        {
          namespace: 'batch',
          pod: decoy.pod,
          owner_kind: 'ReplicaSet',
          owner_name: `${decoy.workload}-5c8d7f`,
          owner_is_controller: 'true',
        },
        t,
        1,
      );
      point(
        replicaSetOwnerF,
        'kube_replicaset_owner',
        {
          namespace: 'batch',
          replicaset: `${decoy.workload}-5c8d7f`,
          owner_kind: 'Deployment',
          owner_name: decoy.workload,
          owner_is_controller: 'true',
        },
        t,
        1,
      );
      point(
        dcgmF,
        'DCGM_FI_DEV_GPU_UTIL',
        { namespace: 'batch', pod: decoy.pod, gpu: '0' },
        t,
        99,
      );
      // The caller's pod, which requests no GPU, and its calls to the model.
      point(
        podLabelsF,
        'kube_pod_labels',
        {
          namespace: names.namespace,
          pod: `${names.caller}-0`,
          label_backstage_io_kubernetes_id: names.caller,
        },
        t,
        1,
      );
      for (const type of ['input', 'output'] as const) {
        const labels = {
          service: names.caller,
          gen_ai_request_model: names.model,
          gen_ai_token_type: type,
        };
        point(
          genAiF,
          'gen_ai_client_token_usage_bucket',
          { ...labels, le: '+Inf' },
          t,
          callerCounters.count,
        );
        point(
          genAiF,
          'gen_ai_client_token_usage_count',
          labels,
          t,
          callerCounters.count,
        );
        point(
          genAiF,
          'gen_ai_client_token_usage_sum',
          labels,
          t,
          callerCounters[type],
        );
      }
      // The gateway's counter names the tenant, the direction and the
      // model called.
      for (const [tenant] of TENANTS) {
        for (const direction of ['input', 'output'] as const) {
          point(
            tenantF,
            'ai_refarch_tokens_total',
            { service: names.service, model: names.model, tenant, direction },
            t,
            tenantCounters[tenant][direction],
          );
        }
      }
    }
    // The gateway's hosted API calls.
    for (const [model, input, output, cachedShare] of HOSTED) {
      const f = 0.5 + random();
      const inTok = Math.round(input * f);
      const outTok = Math.round(output * f);
      const cachedTok = Math.round(inTok * cachedShare);
      const h = hostedCounters[model];
      h.input += inTok;
      h.cached += cachedTok;
      h.output += outTok;
      h.count++;
      T.hosted[model].input[i] += inTok;
      T.hosted[model].cached[i] += cachedTok;
      T.hosted[model].output[i] += outTok;
      if (scrape) {
        for (const [type, value] of [
          ['input', h.input],
          ['cached_input', h.cached],
          ['output', h.output],
        ] as const) {
          const labels = {
            service: names.gateway,
            gen_ai_request_model: model,
            gen_ai_token_type: type,
          };
          point(
            genAiF,
            'gen_ai_client_token_usage_bucket',
            { ...labels, le: '+Inf' },
            t,
            h.count,
          );
          point(genAiF, 'gen_ai_client_token_usage_count', labels, t, h.count);
          point(genAiF, 'gen_ai_client_token_usage_sum', labels, t, value);
        }
      }
    }
    // The evaluation score, every 10 minutes: below 0.8 for two days.
    if ((t - start) % 600 === 0) {
      const day = Math.floor((t - start) / DAY);
      const score =
        day === 12 || day === 13 ? 0.74 : 0.86 + (random() - 0.5) * 0.04;
      const v = Number(score.toFixed(4));
      point(
        qualityF,
        'ragas_faithfulness',
        { service: names.service, model_name: names.model },
        t,
        v,
      );
      T.quality.push([t, v]);
    }
  }

  return { text: text(), truth: T, names };
}

/** Sum of a per-minute truth array over the minutes in (at - seconds, at]. */
export function sumWindow(
  truth: Pick<HistoryTruth, 'start'>,
  array: ArrayLike<number>,
  at: number,
  seconds: number,
) {
  let total = 0;
  for (let i = 0; i < array.length; i++) {
    const t = truth.start + (i + 1) * MINUTE;
    if (t > at - seconds && t <= at) total += array[i];
  }
  return total;
}
