import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  Histogram,
  Runtime,
  RUNTIME_METRICS,
  RuntimeMetrics,
  RUNTIMES,
} from '@ai-refarch/plugin-ai-ops-common';
import { isLabelName, isMetricName } from '@ai-refarch/plugin-ai-ops-common';

/** The price of a GPU instance type, for nodes without a GPU type label. */
export type InstancePrice = {
  onDemandPerHour: number;
  spotPerHour: number;
  gpus: number;
};

export type SourceConfig = {
  id: string;
  title: string;
  baseUrl: string;
  /** The URL without credentials, query or fragment: what logs and errors show. */
  displayUrl: string;
  /** Sent with every request: authentication, tenant and configured headers. */
  headers: Record<string, string>;
  demo: boolean;
  timeoutMs: number;
  /** The label that names a workload in serving metrics. */
  workloadLabel: string;
  runtimes: Record<Runtime, RuntimeMetrics>;
  kubeStateMetrics: {
    gpuRequests: string;
    gpuResource: string;
    /** kube_pod_owner: pods to their ReplicaSet or StatefulSet, without pod labels. */
    podOwner: string;
    /** kube_replicaset_owner: ReplicaSets to their Deployment. */
    replicaSetOwner: string;
    podLabels: string;
    /** kube_pod_labels' label for the pod label backstage.io/kubernetes-id. */
    workloadPodLabel: string;
    nodeLabels: string;
    capacityTypeLabel: string;
    spotValues: string[];
    gpuTypeLabel: string;
    instanceTypeLabel: string;
  };
  dcgm: { utilisation: string };
  tenantTokens: {
    metric: string;
    tenantLabel: string;
    typeLabel: string | null;
    inputValue: string;
    outputValue: string;
    modelLabel: string | null;
  } | null;
  /** When a RAG index was last refreshed, pushed by its ingestion job. */
  ragFreshness: { metric: string; label: string };
  hostedTokens: {
    metric: string;
    modelLabel: string;
    typeLabel: string;
    inputValue: string;
    outputValue: string;
    /** The type value of cached input tokens (counted within input), if exported. */
    cachedInputValue: string | null;
  };
};

export type AiOpsConfig = {
  defaultSource: string | null;
  /** Per instance type: price per instance-hour and its GPUs. */
  instancePrices: Record<string, InstancePrice>;
  sources: Map<string, SourceConfig>;
  currency: string;
  cacheTtlMs: number;
  /** The per-day cache of range queries (DayCachedPrometheus). */
  dayCache: { maxPoints: number; settleSeconds: number; maxAgeSeconds: number };
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
  const name = metric(c, 'metric', fallback.metric);
  const buckets = c.getOptionalStringArray('buckets');
  if (buckets?.some(b => b !== '+Inf' && !Number.isFinite(Number(b)))) {
    throw new Error(`buckets must be numbers as le labels, got ${buckets}`);
  }
  // Another metric's buckets are not the default's.
  return {
    metric: name,
    unit,
    buckets:
      buckets ?? (name === fallback.metric ? fallback.buckets : undefined),
  };
}

/** A metric, optionally selected by label values (`metric`, `labels`). */
function selected(c: Config, key: string, fallback: string) {
  return {
    metric: metric(c, 'metric', fallback),
    labels: Object.fromEntries(
      (c.getOptionalConfig('labels')?.keys() ?? []).map(k => {
        if (!isLabelName(k)) {
          throw new Error(`${key}.labels: ${k} is not a label name`);
        }
        return [k, c.getString(`labels.${k}`)];
      }),
    ),
  };
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
      ? selected(errors, 'errors', fallback.errors.metric)
      : fallback.errors,
    ttft: histogram(c.getOptionalConfig('ttft'), fallback.ttft),
    interTokenLatency: fallback.interTokenLatency
      ? histogram(
          c.getOptionalConfig('interTokenLatency'),
          fallback.interTokenLatency,
        )
      : undefined,
    phases: c.has('phases')
      ? {
          prefill: selected(
            c.getConfig('phases.prefill'),
            'phases.prefill',
            '',
          ),
          decode: selected(c.getConfig('phases.decode'), 'phases.decode', ''),
        }
      : fallback.phases,
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

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The request headers of a data source: a bearer token or basic auth
 * (`auth`), the tenant of a multi-tenant store (`tenantId`, sent as
 * X-Scope-OrgID to Mimir, Cortex, Loki-style gateways and Thanos Receive)
 * and any other headers. Values never appear in logs or errors.
 */
function readHeaders(id: string, c: Config): Record<string, string> {
  const key = (k: string) => `aiOps.prometheus.sources.${id}.${k}`;
  const headers: Record<string, string> = {};
  const extra = c.getOptionalConfig('headers');
  for (const name of extra?.keys() ?? []) {
    if (!HEADER_NAME.test(name)) {
      throw new Error(
        `${key('headers')}: "${name}" is not an HTTP header name`,
      );
    }
    const value = extra!.getString(name);
    if (/[\r\n]/.test(value)) {
      throw new Error(`${key(`headers.${name}`)} must be one line`);
    }
    headers[name] = value;
  }
  const tenantId = c.getOptionalString('tenantId');
  if (tenantId !== undefined) {
    if (!/^[\x21-\x7e]{1,150}$/.test(tenantId)) {
      throw new Error(
        `${key('tenantId')} must be 1 to 150 visible ASCII characters`,
      );
    }
    headers['X-Scope-OrgID'] = tenantId;
  }
  const auth = c.getOptionalConfig('auth');
  if (auth) {
    const token = auth.getOptionalString('bearerToken');
    const username = auth.getOptionalString('username');
    const password = auth.getOptionalString('password');
    if (
      token !== undefined &&
      (username !== undefined || password !== undefined)
    ) {
      throw new Error(
        `${key(
          'auth',
        )}: give either bearerToken or username and password, not both`,
      );
    }
    if (token !== undefined) {
      if (!/^[\x21-\x7e]+$/.test(token)) {
        throw new Error(`${key('auth.bearerToken')} must be one word`);
      }
      headers.Authorization = `Bearer ${token}`;
    } else if (username !== undefined || password !== undefined) {
      if (username === undefined || password === undefined) {
        throw new Error(
          `${key('auth')}: basic auth needs both username and password`,
        );
      }
      headers.Authorization = `Basic ${Buffer.from(
        `${username}:${password}`,
      ).toString('base64')}`;
    } else {
      throw new Error(
        `${key('auth')}: give bearerToken, or username and password`,
      );
    }
  }
  return headers;
}

function readSource(id: string, c: Config): SourceConfig {
  const baseUrl = c.getString('baseUrl');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `aiOps.prometheus.sources.${id}.baseUrl must be an http(s) URL`,
    );
  }
  if (url.username || url.password) {
    throw new Error(
      `aiOps.prometheus.sources.${id}.baseUrl must not hold credentials: put them in aiOps.prometheus.sources.${id}.auth (username and password, or bearerToken)`,
    );
  }
  const displayUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const ksm = c.getOptionalConfig('kubeStateMetrics') ?? EMPTY;
  const dcgm = c.getOptionalConfig('dcgm') ?? EMPTY;
  const hosted = c.getOptionalConfig('hostedTokens') ?? EMPTY;
  const freshness = c.getOptionalConfig('ragFreshness') ?? EMPTY;
  const tenant = c.getOptionalConfig('tenantTokens');
  const runtimes = c.getOptionalConfig('runtimes');
  return {
    id,
    title: c.getOptionalString('title') ?? id,
    baseUrl,
    displayUrl,
    headers: readHeaders(id, c),
    demo: c.getOptionalBoolean('demo') ?? false,
    timeoutMs: durationMs(c, 'timeout', 10_000),
    workloadLabel: label(c, 'workloadLabel', 'service'),
    runtimes: Object.fromEntries(
      RUNTIMES.map(r => [
        r,
        runtimeMetrics(runtimes?.getOptionalConfig(r), RUNTIME_METRICS[r]),
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
      podOwner: metric(ksm, 'podOwner', 'kube_pod_owner'),
      replicaSetOwner: metric(ksm, 'replicaSetOwner', 'kube_replicaset_owner'),
      workloadPodLabel: label(
        ksm,
        'workloadPodLabel',
        'label_backstage_io_kubernetes_id',
      ),
      nodeLabels: metric(ksm, 'nodeLabels', 'kube_node_labels'),
      capacityTypeLabel: label(
        ksm,
        'capacityTypeLabel',
        // The label the GPU cluster golden path puts on every GPU node pool.
        'label_ai_refarch_io_capacity',
      ),
      spotValues: ksm.getOptionalStringArray('spotValues') ?? ['spot'],
      gpuTypeLabel: label(ksm, 'gpuTypeLabel', 'label_ai_refarch_io_gpu_type'),
      instanceTypeLabel: label(
        ksm,
        'instanceTypeLabel',
        'label_node_kubernetes_io_instance_type',
      ),
    },
    dcgm: { utilisation: metric(dcgm, 'utilisation', 'DCGM_FI_DEV_GPU_UTIL') },
    tenantTokens: tenant
      ? {
          metric: metric(tenant, 'metric', ''),
          tenantLabel: label(tenant, 'tenantLabel', 'tenant'),
          typeLabel: tenant.has('typeLabel')
            ? label(tenant, 'typeLabel', '')
            : null,
          inputValue: tenant.getOptionalString('inputValue') ?? 'input',
          outputValue: tenant.getOptionalString('outputValue') ?? 'output',
          modelLabel: tenant.has('modelLabel')
            ? label(tenant, 'modelLabel', '')
            : null,
        }
      : null,
    ragFreshness: {
      metric: metric(
        freshness,
        'metric',
        'rag_ingest_last_success_timestamp_seconds',
      ),
      label: label(freshness, 'label', 'job'),
    },
    hostedTokens: {
      metric: metric(hosted, 'metric', 'gen_ai_client_token_usage_sum'),
      modelLabel: label(hosted, 'modelLabel', 'gen_ai_request_model'),
      typeLabel: label(hosted, 'typeLabel', 'gen_ai_token_type'),
      inputValue: hosted.getOptionalString('inputValue') ?? 'input',
      outputValue: hosted.getOptionalString('outputValue') ?? 'output',
      cachedInputValue: hosted.getOptionalString('cachedInputValue') ?? null,
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
  // Instance types have dots (g6.12xlarge), which config paths cannot hold:
  // the table is read whole.
  const instancePrices: Record<string, InstancePrice> = {};
  const table =
    root?.getOptional<Record<string, Record<string, unknown>>>(
      'instancePrices',
    ) ?? {};
  for (const [type, entry] of Object.entries(table)) {
    const price = {
      onDemandPerHour: entry?.onDemandPerHour,
      spotPerHour: entry?.spotPerHour,
      gpus: entry?.gpus,
    };
    for (const [key, value] of Object.entries(price)) {
      if (typeof value !== 'number' || !(value > 0)) {
        throw new Error(
          `aiOps.instancePrices.${type}.${key} must be a positive number, got ${value}`,
        );
      }
    }
    instancePrices[type] = price as InstancePrice;
  }
  return {
    defaultSource,
    instancePrices,
    sources,
    currency,
    cacheTtlMs: durationMs(root, 'cacheTtl', 5 * 60_000),
    dayCache: readDayCache(root?.getOptionalConfig('dayCache')),
  };
}

/**
 * aiOps.dayCache: how many megabytes the complete past days' range-query
 * answers may take (9 bytes a step; 0 turns the cache off), and how long
 * after a day's last step its answer is taken as final, and how long it
 * is kept at most (history backfilled later).
 */
function readDayCache(config: Config | undefined): AiOpsConfig['dayCache'] {
  const megabytes = config?.getOptionalNumber('maxMegabytes') ?? 32;
  if (!(megabytes >= 0) || megabytes > 4096) {
    throw new Error(
      `aiOps.dayCache.maxMegabytes must be between 0 and 4096, got ${megabytes}`,
    );
  }
  const settle = durationMs(config, 'settle', 15 * 60_000);
  if (!(settle >= 0)) {
    throw new Error(`aiOps.dayCache.settle must not be negative`);
  }
  const maxAge = durationMs(config, 'maxAge', 6 * 3600_000);
  return {
    maxPoints: Math.floor((megabytes * 1024 * 1024) / 9),
    settleSeconds: Math.round(settle / 1000),
    maxAgeSeconds: Math.round(maxAge / 1000),
  };
}

/** A duration at `key` in milliseconds, or `fallback` where it is not set. */
function durationMs(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  return config?.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallback;
}
