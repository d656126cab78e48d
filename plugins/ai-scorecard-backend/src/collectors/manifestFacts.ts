/**
 * What a repository's Kubernetes manifests say about a model server, as the
 * facts the rules read (repo.kubernetes).
 */

import { GpuCeiling } from '@ai-refarch/plugin-ai-model-common';
import { selects } from '@ai-refarch/plugin-ai-scorecard-node';
import {
  COST_LABELS,
  LABEL_CAPACITY,
  LABEL_GPU_TYPE,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { KUBERNETES_ANNOTATION } from '@backstage/plugin-kubernetes-common';

type Manifest = {
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: any;
};

export type KubernetesFacts = {
  manifests: number;
  zoneSpread: boolean;
  podDisruptionBudget: boolean;
  probes: boolean;
  gpuRequests: boolean;
  serviceMonitor: boolean;
  imagesPinned: boolean;
  autoscaling: { present: boolean; bounded: boolean; queueMetric?: string };
  /**
   * Whether every workload's pods carry the entity's team and tenant cost
   * labels (kube-state-metrics and OpenCost charge back by pod labels);
   * null when the manifests hold no workload.
   */
  costLabels: boolean | null;
  /**
   * The GPU workloads at their autoscaling maximum, with the GPU type and
   * capacity type their node selector pins; null when a GPU workload's GPU
   * type (ai-refarch.io/gpu-type) cannot be read.
   */
  ceiling: GpuCeiling | null;
  /**
   * The cron schedules of the CronJobs and Argo CronWorkflows that run the
   * entity (labelled with its backstage.io/kubernetes-id, or all of them
   * when it names none).
   */
  schedules: string[];
};

/** The schedules of a CronJob (spec.schedule) or an Argo CronWorkflow (spec.schedules, or spec.schedule before Argo 3.6). */
function schedulesOf(m: Manifest): string[] {
  if (m.kind === 'CronJob') {
    return typeof m.spec?.schedule === 'string' ? [m.spec.schedule] : [];
  }
  if (m.kind === 'CronWorkflow') {
    const all = [
      ...(Array.isArray(m.spec?.schedules) ? m.spec.schedules : []),
      m.spec?.schedule,
    ];
    return all.filter((x): x is string => typeof x === 'string' && x !== '');
  }
  return [];
}

const QUEUE_METRICS = [
  'vllm:num_requests_waiting',
  'tgi_queue_size',
  'nv_inference_pending_request_count',
];

/** The pod spec of a workload, including a KServe predictor. */
export function podSpec(m: Manifest): any | undefined {
  switch (m.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return m.spec?.template?.spec;
    case 'InferenceService':
      return m.spec?.predictor;
    default:
      return undefined;
  }
}

/**
 * The labels of a workload's pods: the pod template's, or for a KServe
 * InferenceService the predictor's labels and the one KServe adds.
 */
export function podLabels(m: Manifest): Record<string, string> | undefined {
  switch (m.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return m.spec?.template?.metadata?.labels ?? {};
    case 'InferenceService':
      return {
        ...m.metadata?.labels,
        ...m.spec?.predictor?.labels,
        'serving.kserve.io/inferenceservice': String(m.metadata?.name ?? ''),
      };
    default:
      return undefined;
  }
}

/**
 * The least or most replicas a workload runs: its scaler's bound, else its
 * own (an InferenceService's predictor bounds; a Deployment's replicas).
 */
function replicaBound(
  workload: Manifest,
  scalers: Manifest[],
  bound: 'min' | 'max',
): number {
  const name = workload.metadata?.name;
  const target =
    workload.kind === 'InferenceService' ? `${name}-predictor` : name;
  for (const s of scalers) {
    const ref = s.spec?.scaleTargetRef?.name;
    if (ref !== target && ref !== name) continue;
    // KEDA's ScaledObject, or a HorizontalPodAutoscaler.
    const value =
      bound === 'min'
        ? s.spec?.minReplicaCount ?? s.spec?.minReplicas
        : s.spec?.maxReplicaCount ?? s.spec?.maxReplicas;
    if (typeof value === 'number') return value;
  }
  if (workload.kind === 'InferenceService') {
    const p = workload.spec?.predictor;
    return (
      (bound === 'max' ? p?.maxReplicas : undefined) ?? p?.minReplicas ?? 1
    );
  }
  return workload.spec?.replicas ?? 1;
}

/**
 * A node label's value that the pods must have: from the node selector, or
 * a required node affinity term with exactly that one value.
 */
function pinnedLabel(pod: any, key: string): string | undefined {
  const selected = pod?.nodeSelector?.[key];
  if (typeof selected === 'string') return selected;
  const terms =
    pod?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  const values = terms.flatMap((t: any) =>
    (t?.matchExpressions ?? [])
      .filter((e: any) => e?.key === key && e?.operator === 'In')
      .map((e: any) => e.values),
  );
  return values.length === 1 && values[0]?.length === 1
    ? String(values[0][0])
    : undefined;
}

/** A pod's containers, with a KServe predictor's model container. */
function containersOf(pod: any): any[] {
  return [...(pod?.containers ?? []), ...(pod?.model ? [pod.model] : [])];
}

/** GPUs a pod asks for (the device plugin needs them as limits). */
function gpusOf(pod: any): number {
  return containersOf(pod)
    .map((c: any) => Number(c?.resources?.limits?.['nvidia.com/gpu'] ?? 0))
    .reduce((a: number, b: number) => a + (Number.isFinite(b) ? b : 0), 0);
}

/**
 * Whether the budget lets the eviction API take at least one pod when the
 * workload runs `replicas` pods.
 */
function allowsDisruption(pdb: Manifest, replicas: number) {
  // The disruption controller rounds percentages up, for both fields.
  const count = (value: unknown) =>
    typeof value === 'string' && value.endsWith('%')
      ? Math.ceil((Number(value.slice(0, -1)) / 100) * replicas)
      : Number(value);
  if (pdb.spec?.maxUnavailable !== undefined) {
    return count(pdb.spec.maxUnavailable) >= 1;
  }
  if (pdb.spec?.minAvailable !== undefined) {
    return replicas - count(pdb.spec.minAvailable) >= 1;
  }
  return false;
}

export function kubernetesFacts(
  manifests: Manifest[],
  entityLabels: Record<string, string> = {},
  kubernetesId?: string,
): KubernetesFacts {
  const pods = manifests.map(podSpec).filter(Boolean);
  const containers = pods.flatMap(containersOf);
  const scaledObjects = manifests.filter(m => m.kind === 'ScaledObject');
  const hpas = manifests.filter(m => m.kind === 'HorizontalPodAutoscaler');
  // Both bounds given, and the minimum at most the maximum (KEDA's webhook
  // refuses the opposite; a ScaledObject with min 8 and max 2 passed before).
  const scalers = [...scaledObjects, ...hpas];
  const bounds = scalers.map(s => ({
    min: s.spec?.minReplicaCount ?? s.spec?.minReplicas,
    max: s.spec?.maxReplicaCount ?? s.spec?.maxReplicas,
  }));
  const bounded =
    bounds.length > 0 &&
    bounds.every(
      ({ min, max }) =>
        typeof min === 'number' &&
        typeof max === 'number' &&
        min >= 0 &&
        max >= 1 &&
        min <= max,
    );
  // A budget that selects the model server's pods and lets one go (one that
  // selected nothing, or allowed no disruption, passed before).
  // The model servers: the workloads that request GPUs, or all of them.
  const all = manifests.filter(m => podLabels(m) !== undefined);
  const requestsGpus = (m: Manifest) =>
    containersOf(podSpec(m)).some(
      (c: any) => c?.resources?.limits?.['nvidia.com/gpu'] !== undefined,
    );
  const servers = all.filter(requestsGpus);
  const workloads = servers.length ? servers : all;
  const ceilings = servers.map(w => {
    const pod = podSpec(w);
    const gpuType = pinnedLabel(pod, LABEL_GPU_TYPE);
    return gpuType === undefined
      ? null
      : {
          gpuType,
          gpus: gpusOf(pod),
          replicas: replicaBound(w, scalers, 'max'),
          // Preferred affinity for spot is a wish; only a pin is spot for sure.
          capacity:
            pinnedLabel(pod, LABEL_CAPACITY) === 'spot'
              ? ('spot' as const)
              : ('on-demand' as const),
        };
  });
  const pdbs = manifests.filter(m => m.kind === 'PodDisruptionBudget');
  const podDisruptionBudget =
    workloads.length > 0 &&
    workloads.every(w =>
      pdbs.some(
        pdb =>
          selects(pdb.spec?.selector, podLabels(w)!) &&
          allowsDisruption(pdb, replicaBound(w, scalers, 'min')),
      ),
    );
  const queries: string[] = scaledObjects.flatMap(s =>
    (s.spec?.triggers ?? []).map((t: any) => String(t?.metadata?.query ?? '')),
  );
  const schedules = manifests
    .filter(
      m =>
        kubernetesId === undefined ||
        m.metadata?.labels?.[KUBERNETES_ANNOTATION] === kubernetesId,
    )
    .flatMap(schedulesOf);
  return {
    manifests: manifests.length,
    schedules,
    ceiling: ceilings.every(c => c !== null) ? (ceilings as GpuCeiling) : null,
    costLabels: all.length
      ? all.every(w =>
          COST_LABELS.every(k => {
            const label = podLabels(w)?.[k];
            return label !== undefined && label === (entityLabels[k] ?? label);
          }),
        )
      : null,
    zoneSpread: pods.some(p =>
      (p.topologySpreadConstraints ?? []).some(
        (c: any) => c?.topologyKey === 'topology.kubernetes.io/zone',
      ),
    ),
    podDisruptionBudget,
    // The startup probe as well: a server that loads weights for minutes
    // would otherwise be killed by its liveness probe.
    probes:
      containers.length > 0 &&
      containers.every(
        (c: any) => c.startupProbe && c.readinessProbe && c.livenessProbe,
      ),
    gpuRequests: containers.some(
      (c: any) => c.resources?.limits?.['nvidia.com/gpu'] !== undefined,
    ),
    serviceMonitor: manifests.some(
      m => m.kind === 'ServiceMonitor' || m.kind === 'PodMonitor',
    ),
    imagesPinned:
      containers.length > 0 &&
      containers.every(
        (c: any) => typeof c.image === 'string' && c.image.includes('@sha256:'),
      ),
    autoscaling: {
      present: scaledObjects.length + hpas.length > 0,
      bounded,
      queueMetric: QUEUE_METRICS.find(metric =>
        queries.some(q => q.includes(metric)),
      ),
    },
  };
}
