// The demo cluster: the loopback Kubernetes API server (@internal/test-kit)
// serving what a GPU cluster would run for the example catalog — the vLLM
// chat service (one engine setting drifted from its model, and rolled back
// to its model's previous version), the TGI
// code-review server (unpinned, one zone, all spot, no PDB or autoscaler)
// and two model servers nobody registered — plus the app-config that points
// the scorecard at it, marked `demo: true` so that the UI labels it.
import {
  gpuDeployment,
  gpuNode,
  podDisruptionBudget,
  runningPod,
  scaledObject,
  service,
} from '../kubeManifests';
import { startFakeApiServer } from '../kubeApiServer';
import { DemoService, demoService } from './demoService';

const DIGEST =
  'sha256:3f1ac2b4c1b48f4e9d2c6c1b8c3b7a5e8f0d9c2b1a4e6f8d0c2b4a6e8f0d2c4b';
const TOKEN = 'demo-service-account-token';

const node = (
  name: string,
  zone: string,
  capacity: 'on-demand' | 'spot',
  gpu: string,
) => gpuNode(name, zone, capacity, gpu, { gpuTypeLabel: true });

export const DEMO_MANIFESTS = [
  node('gpu-l4-a', 'eu-west-1a', 'on-demand', 'NVIDIA-L4'),
  node('gpu-l4-b', 'eu-west-1b', 'on-demand', 'NVIDIA-L4'),
  node('gpu-l4-c', 'eu-west-1b', 'spot', 'NVIDIA-L4'),
  node('gpu-a10g-a', 'eu-west-1a', 'spot', 'NVIDIA-A10G'),
  // vLLM chat: as declared, except that it runs with 16k tokens of context
  // where its model declares 32k.
  gpuDeployment('vllm-chat', {
    namespace: 'serving',
    id: 'vllm-chat',
    model: 'llama-3-1-8b-instruct',
    // As the catalog entry says: charged back to ml-platform, shared.
    labels: {
      'ai-refarch.io/team': 'ml-platform',
      'ai-refarch.io/tenant': 'shared',
    },
    image: `vllm/vllm-openai@${DIGEST}`,
    args: [
      '--model',
      '/models/llama-3-1-8b-instruct',
      '--max-model-len',
      '16384',
      '--enable-prefix-caching',
      '--tensor-parallel-size',
      '1',
    ],
    gpuType: 'nvidia-l4',
    replicas: 3,
    // Rolled back after an incident: it runs the version its model keeps
    // for rollback (spec.rollbackVersion and spec.rollbackArtifact), as the
    // model-rollback path pins it, while the catalog's current is 3.1.0.
    podAnnotations: {
      'ai-refarch.io/model-version': '3.0.2',
      'ai-refarch.io/model-digest':
        'sha256:655ecbb5d606504f1133706dc032c57c4ea4d5cad6d284cecb4499161df1a7c9',
    },
  }),
  scaledObject('vllm-chat', {
    namespace: 'serving',
    min: 3,
    max: 8,
    query: 'sum(vllm:num_requests_waiting{namespace="serving"})',
    threshold: '8',
  }),
  podDisruptionBudget('vllm-chat', 'serving'),
  service('vllm-chat', 'serving'),
  runningPod('vllm-chat', 'serving', 'gpu-l4-a', 1),
  runningPod('vllm-chat', 'serving', 'gpu-l4-b', 2),
  runningPod('vllm-chat', 'serving', 'gpu-l4-c', 3),
  // TGI code review: a tag instead of a digest, one replica on spot in one
  // zone, no autoscaler and no disruption budget.
  gpuDeployment('tgi-codereview', {
    namespace: 'applied-ml',
    id: 'tgi-codereview',
    model: 'mistral-7b-instruct-v0-3',
    image: 'ghcr.io/huggingface/text-generation-inference:3.3.0',
    args: [
      '--model-id',
      'mistralai/Mistral-7B-Instruct-v0.3',
      '--max-total-tokens',
      '8192',
      '--max-batch-prefill-tokens',
      '4096',
    ],
    gpuType: 'nvidia-a10g',
    replicas: 1,
    zoneSpread: false,
  }),
  runningPod('tgi-codereview', 'applied-ml', 'gpu-a10g-a', 1),
  // Model servers that no catalog entity claims.
  gpuDeployment('qwen-experiments', {
    namespace: 'research',
    model: 'qwen2-5-7b-instruct',
    image: 'vllm/vllm-openai:v0.8.5',
    args: ['--model', 'Qwen/Qwen2.5-7B-Instruct', '--max-model-len', '32768'],
    gpuType: 'nvidia-l4',
    replicas: 1,
  }),
  {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'churn-predictor', namespace: 'risk' },
    spec: {
      predictor: {
        minReplicas: 1,
        maxReplicas: 3,
        model: {
          modelFormat: { name: 'xgboost' },
          storageUri: 's3://models/churn/12',
        },
      },
    },
  },
];

/** Starts the demo cluster and writes the app-config that reads it. */
export async function startDemoCluster(): Promise<DemoService> {
  const server = await startFakeApiServer({
    token: TOKEN,
    manifests: DEMO_MANIFESTS,
  });
  return demoService('demo-kubernetes', server, {
    aiScorecard: {
      kubernetes: {
        clusters: [
          {
            name: 'demo-eu-west-1',
            url: server.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: TOKEN,
            caData: server.caData,
            demo: true,
          },
        ],
        cacheTtl: { seconds: 30 },
      },
    },
  });
}
