import { Labels, Manifest } from './scheduler';

/*
 * Manifests of a GPU cluster, as an API server stores them: what the
 * Kubernetes collector's tests, the demo cluster and the benchmarks serve
 * from the loopback API server.
 */

/** A namespaced object with its name, namespace and labels set. */
export type NamespacedManifest = Manifest & {
  metadata: { name: string; namespace: string; labels: Labels };
};

/** A GPU serving Deployment with its pods' labels, node selector and status. */
export function gpuDeployment(
  name: string,
  options: {
    namespace: string;
    image: string;
    gpuType: string;
    replicas: number;
    /** Its `backstage.io/kubernetes-id` label, on it and its pods. */
    id?: string;
    /** Its `ai-refarch.io/model` label, on it and its pods. */
    model?: string;
    args?: string[];
    env?: { name: string; value: string }[];
    gpus?: number;
    /** Spread over zones (default), or not. */
    zoneSpread?: boolean;
    /** More labels on it and its pods, e.g. cost labels. */
    labels?: Labels;
    /** Its pods' annotations, e.g. the model version they run. */
    podAnnotations?: Record<string, string>;
  },
): NamespacedManifest {
  const labels = {
    'app.kubernetes.io/name': name,
    ...(options.id ? { 'backstage.io/kubernetes-id': options.id } : {}),
    ...(options.model ? { 'ai-refarch.io/model': options.model } : {}),
    ...options.labels,
  };
  const gpus = String(options.gpus ?? 1);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: options.namespace, labels },
    spec: {
      replicas: options.replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: {
          labels,
          ...(options.podAnnotations
            ? { annotations: options.podAnnotations }
            : {}),
        },
        spec: {
          nodeSelector: { 'ai-refarch.io/gpu-type': options.gpuType },
          ...(options.zoneSpread === false
            ? {}
            : {
                topologySpreadConstraints: [
                  {
                    maxSkew: 1,
                    topologyKey: 'topology.kubernetes.io/zone',
                    whenUnsatisfiable: 'ScheduleAnyway',
                    labelSelector: {
                      matchLabels: { 'app.kubernetes.io/name': name },
                    },
                  },
                ],
              }),
          containers: [
            {
              name: 'server',
              image: options.image,
              ...(options.args ? { args: options.args } : {}),
              ...(options.env ? { env: options.env } : {}),
              resources: {
                requests: { 'nvidia.com/gpu': gpus },
                limits: { 'nvidia.com/gpu': gpus },
              },
            },
          ],
        },
      },
    },
    status: { replicas: options.replicas, readyReplicas: options.replicas },
  };
}

/** A KEDA ScaledObject that scales a Deployment on a Prometheus query. */
export function scaledObject(
  target: string,
  options: {
    namespace: string;
    min: number;
    max: number;
    query: string;
    threshold?: string;
  },
): Manifest {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: target, namespace: options.namespace },
    spec: {
      scaleTargetRef: { name: target },
      minReplicaCount: options.min,
      maxReplicaCount: options.max,
      triggers: [
        {
          type: 'prometheus',
          metadata: {
            query: options.query,
            ...(options.threshold ? { threshold: options.threshold } : {}),
          },
        },
      ],
    },
  };
}

/** A PodDisruptionBudget of one unavailable pod of a workload. */
export function podDisruptionBudget(name: string, namespace: string): Manifest {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace },
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
    },
  };
}

/** A Service in front of a workload's pods, on port 8000. */
export function service(name: string, namespace: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: {
      selector: { 'app.kubernetes.io/name': name },
      ports: [{ name: 'http', port: 8000 }],
    },
  };
}

/** A GPU node in a zone, on spot or on-demand capacity (Karpenter's label). */
export function gpuNode(
  name: string,
  zone: string,
  capacity: 'spot' | 'on-demand',
  gpu: string,
  options: { gpuTypeLabel?: boolean } = {},
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'topology.kubernetes.io/zone': zone,
        'karpenter.sh/capacity-type': capacity,
        'nvidia.com/gpu.product': gpu,
        ...(options.gpuTypeLabel
          ? { 'ai-refarch.io/gpu-type': gpu.toLocaleLowerCase('en-US') }
          : {}),
      },
    },
  };
}

/** A running pod of a workload on a node: `<owner>-7d9c8-<i>`. */
export function runningPod(
  owner: string,
  namespace: string,
  nodeName: string,
  i: number,
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${owner}-7d9c8-${i}`,
      namespace,
      labels: { 'app.kubernetes.io/name': owner },
    },
    spec: { nodeName, containers: [{ name: 'server', image: 'x' }] },
    status: { phase: 'Running' },
  };
}
