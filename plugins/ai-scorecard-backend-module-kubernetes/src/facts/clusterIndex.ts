import { ClusterObjects } from '../client/KubernetesObjectsClient';
import { Mapping, mapsTo } from './mapping';
import { Workload, workloadsOf } from './workloads';

const NAMESPACED = [
  'deployments',
  'statefulSets',
  'horizontalPodAutoscalers',
  'podDisruptionBudgets',
  'services',
  'pods',
  'scaledObjects',
  'inferenceServices',
] as const;

/**
 * One cluster's objects, indexed once per read for the many entities of a
 * grading run: its workloads by every label they or their pods carry, and
 * its namespaced objects by namespace. An entity's workloads, and their
 * pods, services, disruption budgets and autoscalers, are then looked up in
 * its own namespace and label instead of the whole cluster (10,000 entities
 * against 10,000 pods was 10^8 label matches).
 */
export class ClusterIndex {
  readonly workloads: Workload[];
  private readonly position = new Map<Workload, number>();
  private readonly byLabel = new Map<string, Workload[]>();
  private readonly namespaces = new Map<string, ClusterObjects>();

  constructor(cluster: string, private readonly objects: ClusterObjects) {
    this.workloads = workloadsOf(cluster, objects);
    this.workloads.forEach((w, i) => {
      this.position.set(w, i);
      const labels = new Set(
        [...Object.entries(w.labels), ...Object.entries(w.podLabels)].map(
          ([k, v]) => `${k}=${v}`,
        ),
      );
      for (const label of labels) {
        const list = this.byLabel.get(label);
        if (list) list.push(w);
        else this.byLabel.set(label, [w]);
      }
    });
    for (const kind of NAMESPACED) {
      for (const o of objects[kind] as {
        metadata?: { namespace?: string };
      }[]) {
        (
          this.inNamespace(o.metadata?.namespace ?? 'default', true)[
            kind
          ] as object[]
        ).push(o);
      }
    }
  }

  /** The workloads an entity's mapping selects, in the cluster's order. */
  find(mapping: Mapping): Workload[] {
    // Any workload it selects carries one of the values of an `in`
    // requirement, on itself or on its pods.
    const equality = mapping.selector.find(r => r.op === 'in');
    const candidates =
      equality && 'values' in equality
        ? [
            ...new Set(
              equality.values.flatMap(
                v => this.byLabel.get(`${equality.key}=${v}`) ?? [],
              ),
            ),
          ].sort((a, b) => this.position.get(a)! - this.position.get(b)!)
        : this.workloads;
    return candidates.filter(w => mapsTo(mapping, w));
  }

  /** The cluster's objects in one namespace; nodes are the whole cluster's. */
  inNamespace(namespace: string, create = false): ClusterObjects {
    let view = this.namespaces.get(namespace);
    if (!view) {
      view = {
        deployments: [],
        statefulSets: [],
        horizontalPodAutoscalers: [],
        podDisruptionBudgets: [],
        services: [],
        pods: [],
        scaledObjects: [],
        inferenceServices: [],
        nodes: this.objects.nodes,
        notInstalled: this.objects.notInstalled,
      };
      if (create) this.namespaces.set(namespace, view);
    }
    return view;
  }
}
