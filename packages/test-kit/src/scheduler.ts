/*
 * What kube-scheduler would do with the workloads applied to the loopback
 * API server, so that placement evidence (zones, spot share) can be scored
 * in tests: no scheduler can run on the machines these tests run on.
 *
 * Filters, as kube-scheduler's plugins of the same names do
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/,
 * .../taint-and-toleration/, .../topology-spread-constraints/):
 * NodeAffinity (nodeSelector and required node affinity), TaintToleration
 * (NoSchedule and NoExecute taints) and NodeResourcesFit (nvidia.com/gpu
 * against the node's allocatable). Scores: preferred node affinity weights,
 * then the fewest matching pods in the zone (PodTopologySpread), then the
 * least allocated node. kube-scheduler breaks the last ties at random; this
 * breaks them by node name, so that a test reads the same placement on
 * every run.
 */

/** Kubernetes objects as their JSON manifests have them (the fields used here). */
export type Labels = Record<string, string>;

type Requirement = { key: string; operator: string; values?: string[] };

/** A label selector: matchLabels and matchExpressions. */
export type LabelSelector = {
  matchLabels?: Labels;
  matchExpressions?: Requirement[];
};

type Taint = { key?: string; value?: string; effect?: string };
type Toleration = Taint & { operator?: string };
type Quantities = Record<string, string | number>;

/** A pod's spec, with the fields scheduling reads. */
export type PodSpec = {
  containers?: {
    name?: string;
    resources?: { limits?: Quantities; requests?: Quantities };
  }[];
  nodeSelector?: Labels;
  nodeName?: string;
  tolerations?: Toleration[];
  topologySpreadConstraints?: {
    topologyKey: string;
    labelSelector?: LabelSelector;
  }[];
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: {
        nodeSelectorTerms?: { matchExpressions?: Requirement[] }[];
      };
      preferredDuringSchedulingIgnoredDuringExecution?: {
        weight: number;
        preference?: { matchExpressions?: Requirement[] };
      }[];
    };
  };
  [field: string]: unknown;
};

/** Any Kubernetes object, as a manifest. */
export type Manifest = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Labels;
    [field: string]: unknown;
  };
  // Each kind's spec and status differ; the functions below read the
  // fields of the kinds they handle.
  spec?: any;
  status?: any;
};

/** A Pod, as this scheduler makes them and reads the running ones. */
export type Pod = Omit<Manifest, 'metadata' | 'spec'> & {
  kind: 'Pod';
  metadata: { name: string; namespace: string; labels: Labels } & Record<
    string,
    unknown
  >;
  spec: PodSpec;
};

/** A Node, as the scheduler reads it. */
export type Node = Omit<Manifest, 'metadata' | 'spec' | 'status'> & {
  metadata: { name: string; labels?: Labels };
  spec?: { taints?: Taint[] };
  status?: { allocatable?: Quantities; capacity?: Quantities };
};

type Template = {
  namespace: string;
  name: string;
  owner: 'Deployment' | 'StatefulSet';
  count: number;
  labels: Labels;
  spec: PodSpec;
};

const ZONE = 'topology.kubernetes.io/zone';
const GPU = 'nvidia.com/gpu';
const KSERVE_ISVC_LABEL = 'serving.kserve.io/inferenceservice';

function matchesExpression(
  labels: Labels | undefined,
  e: Requirement,
): boolean {
  const value = labels?.[e.key];
  const values = e.values ?? [];
  switch (e.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/** A label selector (matchLabels and matchExpressions) against labels. */
export function selects(
  selector: LabelSelector | undefined,
  labels: Labels | undefined,
): boolean {
  return (
    Object.entries(selector?.matchLabels ?? {}).every(
      ([k, v]) => labels?.[k] === v,
    ) &&
    (selector?.matchExpressions ?? []).every(e => matchesExpression(labels, e))
  );
}

function tolerates(
  tolerations: Toleration[] | undefined,
  taint: Taint,
): boolean {
  return (tolerations ?? []).some(t => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

function gpus(spec: PodSpec): number {
  return (spec.containers ?? []).reduce((sum, c) => {
    const r = c.resources ?? {};
    return sum + Number(r.limits?.[GPU] ?? r.requests?.[GPU] ?? 0);
  }, 0);
}

function feasible(
  spec: PodSpec,
  node: Node,
  used: Map<string, number>,
): boolean {
  const labels = node.metadata?.labels ?? {};
  if (
    !Object.entries(spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v)
  )
    return false;
  const required =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms;
  if (
    required?.length &&
    !required.some(term =>
      (term.matchExpressions ?? []).every(e => matchesExpression(labels, e)),
    )
  )
    return false;
  const blocking = (node.spec?.taints ?? []).filter(
    t => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  if (!blocking.every(t => tolerates(spec.tolerations, t))) return false;
  const allocatable = Number(node.status?.allocatable?.[GPU] ?? 0);
  return gpus(spec) <= allocatable - (used.get(node.metadata.name) ?? 0);
}

function affinityScore(spec: PodSpec, node: Node): number {
  const preferred =
    spec.affinity?.nodeAffinity
      ?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const labels = node.metadata?.labels ?? {};
  return preferred
    .filter(p =>
      (p.preference?.matchExpressions ?? []).every(e =>
        matchesExpression(labels, e),
      ),
    )
    .reduce((sum, p) => sum + p.weight, 0);
}

/** The pods a workload asks for: name, namespace, how many, labels and spec. */
export function podTemplate(m: Manifest): Template | undefined {
  const namespace = m.metadata?.namespace ?? 'default';
  const name = m.metadata?.name ?? '';
  if (m.kind === 'Deployment' || m.kind === 'StatefulSet') {
    return {
      namespace,
      name,
      owner: m.kind as Template['owner'],
      count: m.spec?.replicas ?? 1,
      labels: m.spec?.template?.metadata?.labels ?? {},
      spec: m.spec?.template?.spec ?? { containers: [] },
    };
  }
  if (m.kind === 'InferenceService') {
    // KServe makes the predictor's pods from the predictor's pod fields and
    // labels them with the InferenceService's name.
    const {
      minReplicas,
      maxReplicas,
      model,
      labels,
      annotations: _a,
      ...spec
    } = m.spec?.predictor ?? {};
    return {
      namespace,
      // In RawDeployment mode KServe makes a Deployment of this name.
      name: `${name}-predictor`,
      owner: 'Deployment' as const,
      count: Math.max(minReplicas ?? 1, 1),
      labels: { ...labels, [KSERVE_ISVC_LABEL]: name, component: 'predictor' },
      spec: { ...spec, containers: spec.containers ?? (model ? [model] : []) },
    };
  }
  return undefined;
}

/** The pod-template-hash of every ReplicaSet here: one revision per Deployment. */
export const POD_TEMPLATE_HASH = '5d8f7c9b6';

/**
 * What a workload's pods name as their controller: a Deployment's pods its
 * ReplicaSet, `<deployment>-<pod-template-hash>`; a StatefulSet's pods the
 * StatefulSet.
 */
function ownerOf(t: Template) {
  return t.owner === 'StatefulSet'
    ? {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: t.name,
        controller: true,
      }
    : {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: `${t.name}-${POD_TEMPLATE_HASH}`,
        controller: true,
      };
}

/**
 * Pods for the workloads among `manifests`, placed on `nodes` around the
 * pods already running; a pod that fits nowhere stays Pending, as
 * kube-scheduler leaves it.
 */
export function schedule(
  manifests: Manifest[],
  nodes: Node[],
  running: Pod[] = [],
): Pod[] {
  const used = new Map<string, number>();
  for (const p of running) {
    if (p.spec?.nodeName) {
      used.set(
        p.spec.nodeName,
        (used.get(p.spec.nodeName) ?? 0) + gpus(p.spec),
      );
    }
  }
  const placed = [...running];
  const pods: Pod[] = [];
  for (const m of manifests) {
    const t = podTemplate(m);
    if (!t) continue;
    const spread = (t.spec.topologySpreadConstraints ?? []).filter(
      c => c.topologyKey === ZONE,
    );
    for (let i = 0; i < t.count; i++) {
      const inZone = (zone: string | undefined) =>
        placed.filter(
          p =>
            p.metadata.namespace === t.namespace &&
            spread.some(c => selects(c.labelSelector, p.metadata.labels)) &&
            nodes.find(n => n.metadata.name === p.spec.nodeName)?.metadata
              ?.labels?.[ZONE] === zone,
        ).length;
      const candidates = nodes
        .filter(n => feasible(t.spec, n, used))
        .map(n => ({
          n,
          affinity: affinityScore(t.spec, n),
          zone: spread.length ? inZone(n.metadata.labels?.[ZONE]) : 0,
          load: used.get(n.metadata.name) ?? 0,
        }))
        .sort(
          (a, b) =>
            b.affinity - a.affinity ||
            a.zone - b.zone ||
            a.load - b.load ||
            a.n.metadata.name.localeCompare(b.n.metadata.name),
        );
      const node = candidates[0]?.n;
      const pod: Pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${t.name}-${i}`,
          namespace: t.namespace,
          labels: t.labels,
          ownerReferences: [ownerOf(t)],
        },
        spec: node ? { ...t.spec, nodeName: node.metadata.name } : t.spec,
        status: node
          ? {
              phase: 'Running',
              conditions: [{ type: 'Ready', status: 'True' }],
            }
          : {
              phase: 'Pending',
              conditions: [
                {
                  type: 'PodScheduled',
                  status: 'False',
                  reason: 'Unschedulable',
                },
              ],
            },
      };
      if (node) {
        used.set(
          node.metadata.name,
          (used.get(node.metadata.name) ?? 0) + gpus(t.spec),
        );
        placed.push(pod);
      }
      pods.push(pod);
    }
  }
  return pods;
}
