import { validateKubernetesManifests } from './kubernetesSchemas';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'chat', labels: { app: 'chat' } },
  spec: {
    selector: { matchLabels: { app: 'chat' } },
    template: {
      metadata: { labels: { app: 'chat' } },
      spec: {
        containers: [
          {
            name: 'vllm',
            image: 'vllm/vllm-openai:v0.11.0',
            resources: { limits: { 'nvidia.com/gpu': 1 } },
          },
        ],
      },
    },
  },
};

describe('validateKubernetesManifests', () => {
  // One Node process per call, importing the schema packages.
  jest.setTimeout(30_000);

  it('passes a valid manifest, and names the unknown and missing fields of bad ones', async () => {
    const results = await validateKubernetesManifests([
      { path: 'ok.yaml', document: deployment },
      {
        path: 'typo.yaml',
        document: {
          ...deployment,
          spec: { ...deployment.spec, replica: 2 },
        },
      },
      {
        path: 'isvc.yaml',
        document: {
          apiVersion: 'serving.kserve.io/v1beta1',
          kind: 'InferenceService',
          metadata: { name: 'chat' },
          spec: { predictor: { minReplicas: -1, model: { runtime: 'vllm' } } },
        },
      },
      {
        path: 'unknown.yaml',
        document: { apiVersion: 'example.com/v1', kind: 'Widget' },
      },
    ]);
    expect(results.map(r => [r.path, r.errors])).toEqual([
      ['ok.yaml', []],
      ['typo.yaml', ['/spec/replica is not a field of Deployment']],
      [
        'isvc.yaml',
        [
          '/spec/predictor/minReplicas must be a non-negative integer',
          '/spec/predictor/model/modelFormat/name is required',
        ],
      ],
      ['unknown.yaml', ['no schema for example.com/v1 Widget']],
    ]);
  });
});
