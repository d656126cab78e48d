import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createResolveModelAction } from './resolveModel';
import { runExample } from './__testUtils__/runExample';

describe('ai-refarch:resolve-model examples', () => {
  const action = createResolveModelAction({
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'ai-refarch.io/v1alpha1',
          kind: 'AIModel',
          metadata: { name: 'llama-3-1-8b-instruct', namespace: 'default' },
          spec: {
            type: 'llm',
            lifecycle: 'production',
            owner: 'group:ml-platform',
            provider: 'self-hosted',
            version: '3.1',
            dataClassification: 'internal',
            parameters: 8030000000,
            precision: 'bf16',
            contextWindow: 131072,
            architecture: {
              layers: 32,
              attentionHeads: 32,
              kvHeads: 8,
              headDim: 128,
            },
            artifact: {
              uri: 'hf://meta-llama/Llama-3.1-8B-Instruct',
              format: 'safetensors',
            },
          },
        },
        ...(['gpt-4o', 'claude-sonnet-4'] as const).map(name => ({
          apiVersion: 'ai-refarch.io/v1alpha1',
          kind: 'AIModel',
          metadata: { name, namespace: 'default' },
          spec: {
            type: name === 'gpt-4o' ? 'multimodal' : 'llm',
            lifecycle: 'production',
            owner: 'group:ml-platform',
            provider: name === 'gpt-4o' ? 'openai' : 'anthropic',
            version: '1',
            pricing: { inputPer1MTokens: 3, outputPer1MTokens: 15 },
          },
        })),
      ],
    }),
  });

  it('resolves a model from the catalog with its shape', async () => {
    const out = await runExample(action, 0);
    expect(out).toMatchObject({
      name: 'llama-3-1-8b-instruct',
      entityRef: 'aimodel:default/llama-3-1-8b-instruct',
      layers: 32,
      kvHeads: 8,
    });
  });

  it('checks each model a service calls', async () => {
    const out = await runExample(action, 1, {
      parameters: { models: ['gpt-4o', 'aimodel:default/claude-sonnet-4'] },
    });
    expect(out.entityRef).toEqual([
      'aimodel:default/gpt-4o',
      'aimodel:default/claude-sonnet-4',
    ]);
    await expect(
      runExample(action, 1, {
        parameters: { models: ['llama-3-1-8b-instruct'] },
      }),
    ).rejects.toThrow(
      'models: aimodel:default/llama-3-1-8b-instruct is served by no Component in the catalog',
    );
  });

  it('describes a new model from the form', async () => {
    const out = await runExample(action, 2);
    expect(out).toMatchObject({
      name: 'qwen2-5-7b-instruct',
      contextWindow: 32768,
      layers: 28,
    });
  });
});
