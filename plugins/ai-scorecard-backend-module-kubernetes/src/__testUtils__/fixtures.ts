import {
  gpuDeployment,
  gpuNode,
  podDisruptionBudget,
  runningPod,
  scaledObject,
  service as kitService,
} from '@internal/test-kit';

/*
 * A small GPU cluster, as an API server would store it: the test kit's
 * manifests with this module's defaults (namespace `serving`, a vLLM server
 * of Llama 3.1 8B on L4s).
 */

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
    /** Its pods' annotations, e.g. the model version they run. */
    podAnnotations?: Record<string, string>;
  } = {},
) {
  return gpuDeployment(name, {
    namespace: options.namespace ?? 'serving',
    id: options.id,
    model: 'llama-3-1-8b-instruct',
    image: options.image ?? `vllm/vllm-openai${DIGEST}`,
    args: options.args ?? [
      '--model',
      '/models/llama-3-1-8b-instruct',
      '--max-model-len',
      '8192',
      '--enable-prefix-caching',
    ],
    gpuType: options.gpuType ?? 'nvidia-l4',
    gpus: options.gpus,
    replicas: options.replicas ?? 2,
    zoneSpread: options.zoneSpread,
    labels: options.labels,
    podAnnotations: options.podAnnotations,
  });
}

export const pdb = (name: string, namespace = 'serving') =>
  podDisruptionBudget(name, namespace);

export const service = (name: string, namespace = 'serving') =>
  kitService(name, namespace);

export const node = (
  name: string,
  zone: string,
  capacity: 'spot' | 'on-demand',
  gpu = 'NVIDIA-L4',
) => gpuNode(name, zone, capacity, gpu);

export const pod = (
  owner: string,
  nodeName: string,
  i: number,
  namespace = 'serving',
) => runningPod(owner, namespace, nodeName, i);

/** A healthy vLLM service: 2 replicas over two zones, one on spot. */
export function healthyCluster(name = 'chat', id = 'chat') {
  return [
    vllmDeployment(name, { id }),
    scaledObject(name, {
      namespace: 'serving',
      min: 1,
      max: 4,
      query: 'sum(vllm:num_requests_waiting)',
    }),
    pdb(name),
    service(name),
    node('gpu-a', 'eu-west-1a', 'on-demand'),
    node('gpu-b', 'eu-west-1b', 'spot'),
    pod(name, 'gpu-a', 1),
    pod(name, 'gpu-b', 2),
  ];
}
