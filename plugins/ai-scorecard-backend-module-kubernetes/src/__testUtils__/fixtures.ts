/** Manifests of a small GPU cluster, as an API server would store them. */

const DIGEST = `@sha256:${'a'.repeat(64)}`;

export function vllmDeployment(
  name: string,
  options: {
    id?: string;
    args?: string[];
    image?: string;
    replicas?: number;
    gpuType?: string;
    gpus?: number;
    zoneSpread?: boolean;
    namespace?: string;
    /** More labels on the Deployment and its pods, e.g. cost labels. */
    labels?: Record<string, string>;
  } = {},
) {
  const labels = {
    'app.kubernetes.io/name': name,
    ...(options.id ? { 'backstage.io/kubernetes-id': options.id } : {}),
    'ai-refarch.io/model': 'llama-3-1-8b-instruct',
    ...options.labels,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: options.namespace ?? 'serving', labels },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: {
            'ai-refarch.io/gpu-type': options.gpuType ?? 'nvidia-l4',
          },
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
              image: options.image ?? `vllm/vllm-openai${DIGEST}`,
              args: options.args ?? [
                '--model',
                '/models/llama-3-1-8b-instruct',
                '--max-model-len',
                '8192',
                '--enable-prefix-caching',
              ],
              resources: {
                requests: { 'nvidia.com/gpu': String(options.gpus ?? 1) },
                limits: { 'nvidia.com/gpu': String(options.gpus ?? 1) },
              },
            },
          ],
        },
      },
    },
    status: {
      replicas: options.replicas ?? 2,
      readyReplicas: options.replicas ?? 2,
    },
  };
}

export function scaledObject(
  target: string,
  min = 1,
  max = 4,
  namespace = 'serving',
) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: target, namespace },
    spec: {
      scaleTargetRef: { name: target },
      minReplicaCount: min,
      maxReplicaCount: max,
      triggers: [
        {
          type: 'prometheus',
          metadata: { query: 'sum(vllm:num_requests_waiting)' },
        },
      ],
    },
  };
}

export function pdb(name: string, namespace = 'serving') {
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

export function service(name: string, namespace = 'serving') {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: {
      selector: { 'app.kubernetes.io/name': name },
      ports: [{ port: 8000 }],
    },
  };
}

export function node(
  name: string,
  zone: string,
  capacity: 'spot' | 'on-demand',
  gpu = 'NVIDIA-L4',
) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'topology.kubernetes.io/zone': zone,
        'karpenter.sh/capacity-type': capacity,
        'nvidia.com/gpu.product': gpu,
      },
    },
  };
}

export function pod(
  owner: string,
  nodeName: string,
  i: number,
  namespace = 'serving',
) {
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

/** A healthy vLLM service: 2 replicas over two zones, one on spot. */
export function healthyCluster(name = 'chat', id = 'chat') {
  return [
    vllmDeployment(name, { id }),
    scaledObject(name),
    pdb(name),
    service(name),
    node('gpu-a', 'eu-west-1a', 'on-demand'),
    node('gpu-b', 'eu-west-1b', 'spot'),
    pod(name, 'gpu-a', 1),
    pod(name, 'gpu-b', 2),
  ];
}
