/**
 * What a repository's Kubernetes manifests say about a model server, as the
 * facts the rules read (repo.kubernetes).
 */

type Manifest = { kind?: string; spec?: any };

export type KubernetesFacts = {
  manifests: number;
  zoneSpread: boolean;
  podDisruptionBudget: boolean;
  probes: boolean;
  gpuRequests: boolean;
  serviceMonitor: boolean;
  imagesPinned: boolean;
  autoscaling: { present: boolean; bounded: boolean; queueMetric?: string };
};

const QUEUE_METRICS = [
  'vllm:num_requests_waiting',
  'tgi_queue_size',
  'nv_inference_pending_request_count',
];

/** The pod spec of a workload, including a KServe predictor. */
function podSpec(m: Manifest): any | undefined {
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

export function kubernetesFacts(manifests: Manifest[]): KubernetesFacts {
  const pods = manifests.map(podSpec).filter(Boolean);
  const containers = pods.flatMap(p => [
    ...(p.containers ?? []),
    ...(p.model ? [p.model] : []),
  ]);
  const scaledObjects = manifests.filter(m => m.kind === 'ScaledObject');
  const hpas = manifests.filter(m => m.kind === 'HorizontalPodAutoscaler');
  const bounded =
    scaledObjects.some(
      s =>
        s.spec?.minReplicaCount !== undefined &&
        s.spec?.maxReplicaCount !== undefined,
    ) ||
    hpas.some(
      h =>
        h.spec?.minReplicas !== undefined && h.spec?.maxReplicas !== undefined,
    );
  const queries: string[] = scaledObjects.flatMap(s =>
    (s.spec?.triggers ?? []).map((t: any) => String(t?.metadata?.query ?? '')),
  );
  return {
    manifests: manifests.length,
    zoneSpread: pods.some(p =>
      (p.topologySpreadConstraints ?? []).some(
        (c: any) => c?.topologyKey === 'topology.kubernetes.io/zone',
      ),
    ),
    podDisruptionBudget: manifests.some(m => m.kind === 'PodDisruptionBudget'),
    probes:
      containers.length > 0 &&
      containers.every((c: any) => c.readinessProbe && c.livenessProbe),
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
