import { V1Container, V1Node, V1Service } from '@kubernetes/client-node';
import { ClusterObjects } from '../client/KubernetesObjectsClient';
import { matches } from '@ai-refarch/plugin-ai-scorecard-node';
import { selects } from '@ai-refarch/plugin-ai-scorecard-node';
import { Workload } from './workloads';
import {
  COST_LABELS,
  LABEL_CAPACITY,
  LABEL_GPU_TYPE,
} from '@ai-refarch/plugin-ai-scorecard-common';

const GPU = 'nvidia.com/gpu';
const ZONE = 'topology.kubernetes.io/zone';

/** Node labels that say a node is spot / preemptible capacity. */
const SPOT_LABELS: [string, RegExp][] = [
  ['karpenter.sh/capacity-type', /^spot$/i],
  ['eks.amazonaws.com/capacityType', /^spot$/i],
  ['cloud.google.com/gke-spot', /^true$/i],
  ['cloud.google.com/gke-preemptible', /^true$/i],
  ['kubernetes.azure.com/scalesetpriority', /^spot$/i],
  [LABEL_CAPACITY, /^spot$/i],
];

/** Node labels that name the GPU model, in order of preference. */
export const GPU_TYPE_LABELS = [
  LABEL_GPU_TYPE,
  'nvidia.com/gpu.product',
  'cloud.google.com/gke-accelerator',
  'karpenter.k8s.aws/instance-gpu-name',
];

export function gpusOf(c: V1Container): number | null {
  const value =
    c.resources?.limits?.[GPU] ?? c.resources?.requests?.[GPU] ?? undefined;
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function isPinned(image: string | undefined): boolean {
  return typeof image === 'string' && /@sha256:[0-9a-f]{64}$/.test(image);
}

/** What the workload asks of the scheduler about spot capacity. */
function capacityRequested(
  w: Workload,
): 'spot' | 'on-demand' | 'mixed' | 'any' {
  const selector = w.pod.nodeSelector ?? {};
  for (const [key, spot] of SPOT_LABELS) {
    if (selector[key] !== undefined) {
      return spot.test(selector[key]) ? 'spot' : 'on-demand';
    }
  }
  const tolerates = (w.pod.tolerations ?? []).some(t =>
    SPOT_LABELS.some(([key]) => t.key === key),
  );
  const prefers = (
    w.pod.affinity?.nodeAffinity
      ?.preferredDuringSchedulingIgnoredDuringExecution ?? []
  ).some(p =>
    (p.preference?.matchExpressions ?? []).some(e =>
      SPOT_LABELS.some(([key]) => e.key === key),
    ),
  );
  return tolerates || prefers ? 'mixed' : 'any';
}

export function gpuTypeRequested(w: Workload): string | null {
  const selector = w.pod.nodeSelector ?? {};
  for (const key of GPU_TYPE_LABELS) {
    if (selector[key]) return selector[key];
  }
  return null;
}

function autoscalersOf(w: Workload, objects: ClusterObjects) {
  const targets = [w.name];
  // KServe's raw deployment for an InferenceService is <name>-predictor.
  if (w.kind === 'InferenceService') targets.push(`${w.name}-predictor`);
  const scalesThis = (o: {
    metadata?: { namespace?: string };
    spec?: { scaleTargetRef?: { name: string } };
  }) =>
    (o.metadata?.namespace ?? 'default') === w.namespace &&
    targets.includes(o.spec?.scaleTargetRef?.name ?? '');
  const found: { by: string; min?: number; max?: number }[] = [
    ...objects.horizontalPodAutoscalers.filter(scalesThis).map(h => ({
      by: `HorizontalPodAutoscaler ${h.metadata?.name}`,
      min: h.spec?.minReplicas ?? 1,
      max: h.spec?.maxReplicas,
    })),
    ...objects.scaledObjects.filter(scalesThis).map(s => ({
      by: `ScaledObject ${s.metadata?.name}`,
      min: s.spec?.minReplicaCount ?? 0,
      max: s.spec?.maxReplicaCount ?? 100,
    })),
  ];
  const own = w.builtInScaling;
  if (
    found.length === 0 &&
    own &&
    own.min !== undefined &&
    own.max !== undefined &&
    own.max > own.min
  ) {
    found.push({
      by: `InferenceService ${w.name}`,
      min: own.min,
      max: own.max,
    });
  }
  return found;
}

/** The labels OpenCost and kube-state-metrics charge GPU-hours back by. */

/**
 * What the cluster runs for an entity: the `kubernetes.serving` fact.
 * `entityLabels` are the catalog entity's, which the running pods' cost
 * labels must repeat.
 */
export function servingFacts(
  workloads: { w: Workload; objects: ClusterObjects }[],
  entityLabels: Record<string, string> = {},
) {
  const servers = workloads.flatMap(({ w }) => w.servers);
  const allContainers = workloads.flatMap(({ w }) => [
    ...(w.pod.initContainers ?? []),
    ...(w.pod.containers ?? []),
  ]);
  const autoscalers = workloads.map(({ w, objects }) => ({
    w,
    found: autoscalersOf(w, objects),
  }));
  const pdbs = workloads.flatMap(({ w, objects }) =>
    objects.podDisruptionBudgets
      .filter(
        p =>
          (p.metadata?.namespace ?? 'default') === w.namespace &&
          selects(p.spec?.selector, w.podLabels),
      )
      .map(p => `${w.cluster}/${w.namespace}/${p.metadata?.name}`),
  );
  const services = workloads.flatMap(({ w, objects }) =>
    objects.services
      .filter(
        s =>
          (s.metadata?.namespace ?? 'default') === w.namespace &&
          selects(serviceSelector(s), w.podLabels),
      )
      .map(s => `${w.cluster}/${w.namespace}/${s.metadata?.name}`),
  );
  const gpus = servers.map(gpusOf);
  return {
    workloads: workloads.map(({ w }) => ({
      ref: w.ref,
      runtime: w.runtime,
      replicas: w.replicas,
      readyReplicas: w.readyReplicas,
    })),
    clusters: [...new Set(workloads.map(({ w }) => w.cluster))],
    runtime: workloads.find(({ w }) => w.runtime)?.w.runtime ?? null,
    gpuRequests: servers.length > 0 && gpus.every(g => g !== null && g > 0),
    gpusPerReplica: gpus.find(g => g !== null) ?? null,
    autoscaling: {
      present: autoscalers.every(a => a.found.length > 0),
      bounded: autoscalers.every(a =>
        a.found.some(
          f => f.min !== undefined && f.max !== undefined && f.min >= 1,
        ),
      ),
      by: autoscalers.flatMap(a =>
        a.found.map(f => `${a.w.ref}: ${f.by} ${f.min ?? '?'}–${f.max ?? '?'}`),
      ),
    },
    // Every running workload's pods carry the entity's team and tenant.
    costLabels: workloads.every(({ w }) =>
      COST_LABELS.every(
        k =>
          w.podLabels[k] !== undefined &&
          w.podLabels[k] === (entityLabels[k] ?? w.podLabels[k]),
      ),
    ),
    podDisruptionBudget: workloads.every(({ w }) =>
      pdbs.some(p => p.startsWith(`${w.cluster}/${w.namespace}/`)),
    ),
    podDisruptionBudgets: pdbs,
    services,
    zoneSpreadConstraint: workloads.every(({ w }) =>
      (w.pod.topologySpreadConstraints ?? []).some(c => c.topologyKey === ZONE),
    ),
    capacity: [...new Set(workloads.map(({ w }) => capacityRequested(w)))],
    gpuType:
      workloads.map(({ w }) => gpuTypeRequested(w)).find(Boolean) ?? null,
    imagesPinned: allContainers.every(c => isPinned(c.image)),
    unpinnedImages: [
      ...new Set(
        allContainers
          .filter(c => !isPinned(c.image))
          .map(c => c.image ?? '(no image)'),
      ),
    ],
    engine: workloads.find(({ w }) => w.runtime)?.w.engine ?? {},
  };
}

export type ServingFacts = ReturnType<typeof servingFacts>;

/** A Service's selector as a structured one, made once per Service. */
const serviceSelectors = new WeakMap<
  V1Service,
  { matchLabels?: Record<string, string> }
>();
function serviceSelector(s: V1Service) {
  let selector = serviceSelectors.get(s);
  if (!selector) {
    selector = { matchLabels: s.spec?.selector };
    serviceSelectors.set(s, selector);
  }
  return selector;
}

/** A cluster's nodes by name, made once per list of nodes (per read). */
const nodeMaps = new WeakMap<V1Node[], Map<string, V1Node>>();
function nodesByName(nodes: V1Node[]): Map<string, V1Node> {
  let map = nodeMaps.get(nodes);
  if (!map) {
    map = new Map(nodes.map(n => [n.metadata?.name ?? '', n]));
    nodeMaps.set(nodes, map);
  }
  return map;
}

/**
 * Where the entity's pods run: the `kubernetes.placement` fact, or why it
 * cannot be said (no running pods, nodes not readable).
 */
export function placementFacts(
  workloads: { w: Workload; objects: ClusterObjects }[],
):
  | {
      value: {
        pods: number;
        zones: number;
        zoneNames: string[];
        spotShare: number;
        gpuTypes: string[];
      };
    }
  | { unknown: string } {
  const nodesByCluster = new Map<string, Map<string, V1Node>>();
  const placed: { cluster: string; node: string }[] = [];
  for (const { w, objects } of workloads) {
    if (!Array.isArray(objects.nodes))
      return { unknown: objects.nodes.unreadable };
    if (!nodesByCluster.has(w.cluster)) {
      nodesByCluster.set(w.cluster, nodesByName(objects.nodes));
    }
    for (const p of objects.pods) {
      if (
        (p.metadata?.namespace ?? 'default') === w.namespace &&
        p.status?.phase === 'Running' &&
        p.spec?.nodeName &&
        w.podSelector.length > 0 &&
        matches(w.podSelector, p.metadata?.labels)
      ) {
        placed.push({ cluster: w.cluster, node: p.spec.nodeName });
      }
    }
  }
  if (placed.length === 0) {
    return {
      unknown: `no running pods of ${workloads
        .map(({ w }) => w.ref)
        .join(', ')}`,
    };
  }
  const zones = new Set<string>();
  const gpuTypes = new Set<string>();
  let spot = 0;
  for (const { cluster, node } of placed) {
    const labels =
      nodesByCluster.get(cluster)?.get(node)?.metadata?.labels ?? {};
    if (labels[ZONE]) zones.add(`${cluster}/${labels[ZONE]}`);
    if (SPOT_LABELS.some(([key, value]) => value.test(labels[key] ?? '')))
      spot++;
    const gpuType = GPU_TYPE_LABELS.map(k => labels[k]).find(Boolean);
    if (gpuType) gpuTypes.add(gpuType);
  }
  return {
    value: {
      pods: placed.length,
      zones: zones.size,
      zoneNames: [...zones].sort(),
      spotShare: Math.round((spot / placed.length) * 1000) / 1000,
      gpuTypes: [...gpuTypes].sort(),
    },
  };
}
