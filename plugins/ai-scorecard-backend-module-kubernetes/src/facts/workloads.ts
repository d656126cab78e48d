import { V1Container, V1PodSpec } from '@kubernetes/client-node';
import { ClusterObjects } from '../client/KubernetesObjectsClient';
import { ServingEngine } from '@ai-refarch/plugin-ai-model-common';
import {
  fromStructured,
  Requirement,
} from '@ai-refarch/plugin-ai-scorecard-node';

/** A serving engine, as the golden paths deploy them. */
export type Runtime = ServingEngine;

/** Engine settings as the container's arguments and environment set them. */
export type ObservedEngine = {
  enablePrefixCaching?: boolean;
  maxModelLen?: number;
  /** TGI's name for the same limit. */
  maxTotalTokens?: number;
  tensorParallelSize?: number;
};

/** A Deployment, StatefulSet or KServe InferenceService, as observed. */
export type Workload = {
  cluster: string;
  namespace: string;
  kind: 'Deployment' | 'StatefulSet' | 'InferenceService';
  name: string;
  /** `cluster/namespace/Kind/name`, the evidence's address. */
  ref: string;
  labels: Record<string, string>;
  podLabels: Record<string, string>;
  /** The pod template's annotations (a KServe predictor's `annotations`). */
  podAnnotations: Record<string, string>;
  /** Selects the workload's pods. */
  podSelector: Requirement[];
  pod: V1PodSpec;
  replicas: number | null;
  readyReplicas: number | null;
  /** KServe's own bounds, when the InferenceService sets them. */
  builtInScaling?: { min?: number; max?: number };
  runtime: Runtime | null;
  /** The containers that run the model server (all, when none is recognised). */
  servers: V1Container[];
  engine: ObservedEngine;
};

const KSERVE_ISVC_LABEL = 'serving.kserve.io/inferenceservice';

/** Which model server a container runs, from its image or command. */
export function detectRuntime(c: V1Container): Runtime | null {
  const words = [c.image ?? '', ...(c.command ?? []), ...(c.args ?? [])]
    .join(' ')
    .toLowerCase();
  if (/text-generation-inference|text-generation-launcher/.test(words)) {
    return 'tgi';
  }
  if (/tritonserver/.test(words)) return 'triton';
  if (/vllm/.test(words)) return 'vllm';
  return null;
}

function flag(args: string[], names: string[]): string | true | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const name of names) {
      if (args[i] === name) {
        const next = args[i + 1];
        return next !== undefined && !next.startsWith('-') ? next : true;
      }
      if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
    }
  }
  return undefined;
}

function int(value: string | true | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/**
 * The engine settings a container's command line and environment set. An
 * unset prefix-caching switch is reported as on: both vLLM (V1 engine) and
 * TGI 3 cache prefixes by default.
 */
export function observedEngine(
  runtime: Runtime | null,
  c: V1Container,
): ObservedEngine {
  const args = [...(c.command ?? []), ...(c.args ?? [])];
  const env = Object.fromEntries(
    (c.env ?? []).map(e => [e.name, e.value ?? '']),
  );
  if (runtime === 'vllm') {
    let enablePrefixCaching = true;
    if (flag(args, ['--no-enable-prefix-caching'])) enablePrefixCaching = false;
    const explicit = flag(args, ['--enable-prefix-caching']);
    if (explicit === true) enablePrefixCaching = true;
    return {
      enablePrefixCaching,
      maxModelLen: int(flag(args, ['--max-model-len'])),
      tensorParallelSize:
        int(flag(args, ['--tensor-parallel-size', '-tp'])) ?? 1,
    };
  }
  if (runtime === 'tgi') {
    const prefix = env.PREFIX_CACHING ?? env.USE_PREFIX_CACHING;
    const maxTotalTokens = int(flag(args, ['--max-total-tokens']));
    return {
      enablePrefixCaching:
        prefix === undefined ? true : !['0', 'false'].includes(prefix),
      maxModelLen: maxTotalTokens,
      maxTotalTokens,
      tensorParallelSize: int(flag(args, ['--num-shard'])) ?? 1,
    };
  }
  // Triton's settings live in each model's config.pbtxt, not on its command line.
  return {};
}

function describe(
  cluster: string,
  kind: Workload['kind'],
  meta: { name?: string; namespace?: string; labels?: Record<string, string> },
  pod: V1PodSpec,
  podLabels: Record<string, string>,
  podAnnotations: Record<string, string>,
  podSelector: Requirement[],
  replicas: number | null,
  readyReplicas: number | null,
): Workload {
  const containers = pod.containers ?? [];
  const recognised = containers
    .map(c => ({ c, runtime: detectRuntime(c) }))
    .filter(x => x.runtime);
  const runtime = recognised[0]?.runtime ?? null;
  const servers = recognised.length ? recognised.map(x => x.c) : containers;
  const name = meta.name ?? '';
  const namespace = meta.namespace ?? 'default';
  return {
    cluster,
    namespace,
    kind,
    name,
    ref: `${cluster}/${namespace}/${kind}/${name}`,
    labels: meta.labels ?? {},
    podLabels,
    podAnnotations,
    podSelector,
    pod,
    replicas,
    readyReplicas,
    runtime,
    servers,
    engine: servers[0] ? observedEngine(runtime, servers[0]) : {},
  };
}

/**
 * The workloads of one cluster. A Deployment that KServe made for an
 * InferenceService is counted as the InferenceService, not twice.
 */
export function workloadsOf(
  cluster: string,
  objects: ClusterObjects,
): Workload[] {
  const workloads: Workload[] = [];
  for (const d of objects.deployments) {
    if (d.metadata?.labels?.[KSERVE_ISVC_LABEL]) continue;
    workloads.push(
      describe(
        cluster,
        'Deployment',
        d.metadata ?? {},
        d.spec?.template?.spec ?? { containers: [] },
        d.spec?.template?.metadata?.labels ?? {},
        d.spec?.template?.metadata?.annotations ?? {},
        fromStructured(d.spec?.selector ?? {}),
        d.spec?.replicas ?? null,
        d.status?.readyReplicas ?? 0,
      ),
    );
  }
  for (const s of objects.statefulSets) {
    workloads.push(
      describe(
        cluster,
        'StatefulSet',
        s.metadata ?? {},
        s.spec?.template?.spec ?? { containers: [] },
        s.spec?.template?.metadata?.labels ?? {},
        s.spec?.template?.metadata?.annotations ?? {},
        fromStructured(s.spec?.selector ?? {}),
        s.spec?.replicas ?? null,
        s.status?.readyReplicas ?? 0,
      ),
    );
  }
  for (const isvc of objects.inferenceServices) {
    const predictor = isvc.spec?.predictor ?? {};
    const name = isvc.metadata?.name ?? '';
    // KServe labels the predictor's pods with the InferenceService's name.
    const podLabels = {
      ...(predictor.labels ?? {}),
      [KSERVE_ISVC_LABEL]: name,
    };
    const pod: V1PodSpec = {
      ...predictor,
      containers:
        predictor.containers ?? (predictor.model ? [predictor.model] : []),
    };
    const w = describe(
      cluster,
      'InferenceService',
      isvc.metadata ?? {},
      pod,
      podLabels,
      predictor.annotations ?? {},
      [{ key: KSERVE_ISVC_LABEL, op: 'in', values: [name] }],
      null,
      null,
    );
    w.builtInScaling = {
      min: predictor.minReplicas,
      max: predictor.maxReplicas,
    };
    workloads.push(w);
  }
  return workloads;
}
