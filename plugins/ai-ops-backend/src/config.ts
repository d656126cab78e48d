import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { Runtime, RUNTIMES } from '@ai-refarch/plugin-ai-ops-common';
import { isLabelName, isMetricName } from './services/prometheus/promql';

/** A histogram and the unit of its `le` buckets. */
export type Histogram = { metric: string; unit: 'seconds' | 'milliseconds' };

/** The metrics of one serving runtime. */
export type RuntimeMetrics = {
  /** A counter of all requests; when absent, successes + errors. */
  requests?: string;
  successes?: string;
  /** A counter of failed requests, optionally selected by label regexes. */
  errors: { metric: string; labels: Record<string, string> };
  ttft: Histogram;
  interTokenLatency?: Histogram;
  /** Counters of prompt and generated tokens. */
  tokens?: { input: string; output: string };
  /** The label that carries the served model's name. */
  modelLabel?: string;
};

/**
 * The runtimes' own metric names: vLLM's OpenAI server (HTTP metrics from
 * prometheus-fastapi-instrumentator), TGI's router, and Triton with
 * `--metrics-config histogram_latencies=true`. The golden paths generate
 * their SLO rules from the same names.
 */
export const DEFAULT_RUNTIME_METRICS: Record<Runtime, RuntimeMetrics> = {
  vllm: {
    requests: 'http_requests_total',
    errors: { metric: 'http_requests_total', labels: { status: '5..' } },
    ttft: { metric: 'vllm:time_to_first_token_seconds', unit: 'seconds' },
    interTokenLatency: {
      metric: 'vllm:time_per_output_token_seconds',
      unit: 'seconds',
    },
    tokens: {
      input: 'vllm:prompt_tokens_total',
      output: 'vllm:generation_tokens_total',
    },
    modelLabel: 'model_name',
  },
  tgi: {
    requests: 'tgi_request_count',
    errors: { metric: 'tgi_request_failure', labels: {} },
    // TGI has no time-to-first-token histogram; the time a request waits for
    // its prefill is the part of it that grows under load.
    ttft: { metric: 'tgi_request_queue_duration', unit: 'seconds' },
    interTokenLatency: {
      metric: 'tgi_request_mean_time_per_token_duration',
      unit: 'seconds',
    },
    tokens: {
      input: 'tgi_request_input_length_sum',
      output: 'tgi_request_generated_tokens_sum',
    },
  },
  triton: {
    successes: 'nv_inference_request_success',
    errors: { metric: 'nv_inference_request_failure', labels: {} },
    ttft: {
      metric: 'nv_inference_first_response_histogram_ms',
      unit: 'milliseconds',
    },
    modelLabel: 'model',
  },
};

export type SourceConfig = {
  id: string;
  title: string;
  baseUrl: string;
  demo: boolean;
  timeoutMs: number;
  /** The label that names a workload in serving metrics. */
  workloadLabel: string;
  runtimes: Record<Runtime, RuntimeMetrics>;
  kubeStateMetrics: {
    gpuRequests: string;
    gpuResource: string;
    podLabels: string;
    /** kube_pod_labels' label for the pod label backstage.io/kubernetes-id. */
    workloadPodLabel: string;
    nodeLabels: string;
    capacityTypeLabel: string;
    spotValues: string[];
    gpuTypeLabel: string;
  };
  dcgm: { utilisation: string };
  tenantTokens: { metric: string; tenantLabel: string } | null;
  hostedTokens: {
    metric: string;
    modelLabel: string;
    typeLabel: string;
    inputValue: string;
    outputValue: string;
  };
};

export type AiOpsConfig = {
  defaultSource: string | null;
  sources: Map<string, SourceConfig>;
  currency: string;
  cacheTtlMs: number;
};

function metric(config: Config, key: string, fallback: string): string {
  const value = config.getOptionalString(key) ?? fallback;
  if (!isMetricName(value)) {
    throw new Error(`${key} must be a Prometheus metric name, got ${value}`);
  }
  return value;
}

function label(config: Config, key: string, fallback: string): string {
  const value = config.getOptionalString(key) ?? fallback;
  if (!isLabelName(value)) {
    throw new Error(`${key} must be a Prometheus label name, got ${value}`);
  }
  return value;
}

function histogram(c: Config | undefined, fallback: Histogram): Histogram {
  if (!c) return fallback;
  const unit = c.getOptionalString('unit') ?? fallback.unit;
  if (unit !== 'seconds' && unit !== 'milliseconds') {
    throw new Error(`unit must be seconds or milliseconds, got ${unit}`);
  }
  return { metric: metric(c, 'metric', fallback.metric), unit };
}

function runtimeMetrics(
  c: Config | undefined,
  fallback: RuntimeMetrics,
): RuntimeMetrics {
  if (!c) return fallback;
  const errors = c.getOptionalConfig('errors');
  return {
    requests: c.has('requests') ? metric(c, 'requests', '') : fallback.requests,
    successes: c.has('successes')
      ? metric(c, 'successes', '')
      : fallback.successes,
    errors: errors
      ? {
          metric: metric(errors, 'metric', fallback.errors.metric),
          labels: Object.fromEntries(
            (errors.getOptionalConfig('labels')?.keys() ?? []).map(k => {
              if (!isLabelName(k)) {
                throw new Error(`errors.labels: ${k} is not a label name`);
              }
              return [k, errors.getString(`labels.${k}`)];
            }),
          ),
        }
      : fallback.errors,
    ttft: histogram(c.getOptionalConfig('ttft'), fallback.ttft),
    interTokenLatency: fallback.interTokenLatency
      ? histogram(
          c.getOptionalConfig('interTokenLatency'),
          fallback.interTokenLatency,
        )
      : undefined,
    tokens: c.has('tokens')
      ? {
          input: metric(c, 'tokens.input', ''),
          output: metric(c, 'tokens.output', ''),
        }
      : fallback.tokens,
    modelLabel: c.has('modelLabel')
      ? label(c, 'modelLabel', '')
      : fallback.modelLabel,
  };
}

const EMPTY = new ConfigReader({});

function readSource(id: string, c: Config): SourceConfig {
  const baseUrl = c.getString('baseUrl');
  if (!/^https?:\/\//.test(baseUrl)) {
    throw new Error(
      `aiOps.prometheus.sources.${id}.baseUrl must be an http(s) URL, got ${baseUrl}`,
    );
  }
  const ksm = c.getOptionalConfig('kubeStateMetrics') ?? EMPTY;
  const dcgm = c.getOptionalConfig('dcgm') ?? EMPTY;
  const hosted = c.getOptionalConfig('hostedTokens') ?? EMPTY;
  const tenant = c.getOptionalConfig('tenantTokens');
  const runtimes = c.getOptionalConfig('runtimes');
  return {
    id,
    title: c.getOptionalString('title') ?? id,
    baseUrl,
    demo: c.getOptionalBoolean('demo') ?? false,
    timeoutMs: c.has('timeout')
      ? durationToMilliseconds(readDurationFromConfig(c, { key: 'timeout' }))
      : 10_000,
    workloadLabel: label(c, 'workloadLabel', 'service'),
    runtimes: Object.fromEntries(
      RUNTIMES.map(r => [
        r,
        runtimeMetrics(
          runtimes?.getOptionalConfig(r),
          DEFAULT_RUNTIME_METRICS[r],
        ),
      ]),
    ) as Record<Runtime, RuntimeMetrics>,
    kubeStateMetrics: {
      gpuRequests: metric(
        ksm,
        'gpuRequests',
        'kube_pod_container_resource_requests',
      ),
      gpuResource: ksm.getOptionalString('gpuResource') ?? 'nvidia_com_gpu',
      podLabels: metric(ksm, 'podLabels', 'kube_pod_labels'),
      workloadPodLabel: label(
        ksm,
        'workloadPodLabel',
        'label_backstage_io_kubernetes_id',
      ),
      nodeLabels: metric(ksm, 'nodeLabels', 'kube_node_labels'),
      capacityTypeLabel: label(
        ksm,
        'capacityTypeLabel',
        'label_karpenter_sh_capacity_type',
      ),
      spotValues: ksm.getOptionalStringArray('spotValues') ?? ['spot'],
      gpuTypeLabel: label(ksm, 'gpuTypeLabel', 'label_ai_refarch_io_gpu_type'),
    },
    dcgm: { utilisation: metric(dcgm, 'utilisation', 'DCGM_FI_DEV_GPU_UTIL') },
    tenantTokens: tenant
      ? {
          metric: metric(tenant, 'metric', ''),
          tenantLabel: label(tenant, 'tenantLabel', 'tenant'),
        }
      : null,
    hostedTokens: {
      metric: metric(hosted, 'metric', 'gen_ai_client_token_usage_sum'),
      modelLabel: label(hosted, 'modelLabel', 'gen_ai_request_model'),
      typeLabel: label(hosted, 'typeLabel', 'gen_ai_token_type'),
      inputValue: hosted.getOptionalString('inputValue') ?? 'input',
      outputValue: hosted.getOptionalString('outputValue') ?? 'output',
    },
  };
}

/** Reads `aiOps`; a wrong value stops the back end, naming its key. */
export function readAiOpsConfig(config: Config): AiOpsConfig {
  const root = config.getOptionalConfig('aiOps');
  const sourcesConfig = root?.getOptionalConfig('prometheus.sources');
  const sources = new Map<string, SourceConfig>();
  for (const id of sourcesConfig?.keys() ?? []) {
    sources.set(id, readSource(id, sourcesConfig!.getConfig(id)));
  }
  const defaultSource =
    root?.getOptionalString('prometheus.default') ??
    (sources.size === 1 ? [...sources.keys()][0] : null);
  if (defaultSource && !sources.has(defaultSource)) {
    throw new Error(
      `aiOps.prometheus.default names ${defaultSource}, which is not in aiOps.prometheus.sources`,
    );
  }
  const currency = root?.getOptionalString('currency') ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new Error(`aiOps.currency must be an ISO 4217 code, got ${currency}`);
  }
  return {
    defaultSource,
    sources,
    currency,
    cacheTtlMs: root?.has('cacheTtl')
      ? durationToMilliseconds(
          readDurationFromConfig(root, { key: 'cacheTtl' }),
        )
      : 5 * 60_000,
  };
}
