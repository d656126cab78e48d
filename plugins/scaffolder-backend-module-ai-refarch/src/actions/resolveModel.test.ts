import { exampleEntities } from '@internal/test-kit';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { rawInputContext } from './__testUtils__/rawInputContext';
import { createResolveModelAction } from './resolveModel';
import { exampleInput } from './__testUtils__/runExample';

// The example catalog's models, as the dev portal serves them.
const models = exampleEntities(['models']);

describe('ai-refarch:resolve-model', () => {
  const catalog = catalogServiceMock({
    entities: [
      ...models,
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'chat-gateway', namespace: 'default' },
        spec: {},
      },
      // As the catalog's processors leave them: bge-m3 served by the
      // embedding service; gpt-4o without its prices.
      ...models
        .filter(m => m.metadata.name === 'bge-m3')
        .map(m => ({
          ...m,
          metadata: { ...m.metadata, name: 'bge-m3-served' },
          relations: [
            {
              type: 'servedBy',
              targetRef: 'component:default/embedding-service',
            },
          ],
        })),
      ...models
        .filter(m => m.metadata.name === 'gpt-4o')
        .map(m => ({
          ...m,
          metadata: { ...m.metadata, name: 'gpt-4o-unpriced' },
          spec: { ...m.spec, pricing: undefined },
        })),
    ],
  });
  const action = createResolveModelAction({ catalog });
  const context = (raw: object) => rawInputContext(action, raw);
  const outputs = (ctx: ReturnType<typeof context>) =>
    Object.fromEntries((ctx.output as jest.Mock).mock.calls);

  it('resolves a self-hosted LLM from the catalog with its shape', async () => {
    const ctx = context({
      source: 'catalog',
      entityRef: 'aimodel:default/llama-3-1-8b-instruct',
    });
    await action.handler(ctx);
    expect(outputs(ctx)).toEqual({
      entityRef: 'aimodel:default/llama-3-1-8b-instruct',
      name: 'llama-3-1-8b-instruct',
      title: 'Llama 3.1 8B Instruct',
      isNew: false,
      weightsUri: 's3://acme-models/meta-llama/Llama-3.1-8B-Instruct/',
      // What the serving pods are annotated with.
      version: '3.1.0',
      digest:
        'sha256:7b633509d094d2d3dd4c327d39df98916fd11850a1579a52eebbf3217379a1eb',
      // What the guard in front of the server is set for.
      dataClassification: 'internal',
      parameters: 8030000000,
      precision: 'bf16',
      contextWindow: 131072,
      layers: 32,
      attentionHeads: 32,
      kvHeads: 8,
      headDim: 128,
    });
  });

  it('resolves a new model described in the form', async () => {
    // The documented example of a new model (Qwen 2.5 7B).
    const { newModel } = exampleInput(action, 2);
    const ctx = context({ source: 'new', newModel });
    await action.handler(ctx);
    expect(outputs(ctx)).toMatchObject({
      entityRef: 'aimodel:default/qwen2-5-7b-instruct',
      isNew: true,
      kvHeads: 4,
      // Registered as version 1, with the digest the form gave, if any.
      version: '1',
    });
    expect(outputs(ctx).digest).toBe(newModel.weightsDigest);
  });

  it.each([
    [
      { entityRef: 'aimodel:default/nope' },
      'catalogModel: aimodel:default/nope is not in the catalog',
    ],
    [
      { entityRef: 'component:default/chat-gateway' },
      'catalogModel: component:default/chat-gateway is a Component, not an AIModel',
    ],
    [
      { entityRef: 'aimodel:default/bge-m3' },
      'catalogModel: aimodel:default/bge-m3 is an AIModel of type embedding; this golden path needs type llm',
    ],
    [
      { entityRef: 'aimodel:default/claude-sonnet-4' },
      /^catalogModel: aimodel:default\/claude-sonnet-4 is a hosted API from anthropic/,
    ],
    [
      { entityRef: 'aimodel:default/clinical-notes-summarizer' },
      /^catalogModel: aimodel:default\/clinical-notes-summarizer has no spec.architecture.layers, spec.architecture.kvHeads, spec.architecture.headDim; GPU sizing needs them/,
    ],
    [
      { entityRef: undefined },
      'catalogModel: pick a model from the catalog, or describe a new one',
    ],
    [{ entityRef: 'aimodel:' }, /^catalogModel: /],
    [
      { source: 'new' },
      'catalogModel: describe the new model, or pick one from the catalog',
    ],
    [
      {
        source: 'new',
        newModel: {
          name: 'x',
          weightsUri: 'file:///etc/passwd',
          parameters: 1,
          precision: 'bf16',
          contextWindow: 2,
          layers: 1,
          attentionHeads: 1,
          kvHeads: 1,
          headDim: 1,
        },
      },
      /^newModel.weightsUri: must be an s3:\/\//,
    ],
    [
      {
        source: 'new',
        newModel: {
          name: 'x',
          weightsUri: 'hf://a/b',
          parameters: 1,
          precision: 'bf16',
          contextWindow: 2,
          layers: 1,
          attentionHeads: 4,
          kvHeads: 8,
          headDim: 1,
        },
      },
      'newModel.kvHeads: 8 KV heads cannot exceed 4 attention heads',
    ],
  ])('refuses %j, naming the field', async (patch, message) => {
    await expect(
      action.handler(
        context({ source: 'catalog', field: 'catalogModel', ...patch }),
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
  });

  describe('a model the service only calls', () => {
    const call = (entityRef: string) =>
      context({
        source: 'catalog',
        entityRef,
        field: 'models',
        types: ['llm', 'embedding', 'reranker', 'multimodal'],
        purpose: 'call',
      });

    it('accepts a hosted API model with its prices, and a self-hosted one that a Component serves', async () => {
      for (const [ref, title] of [
        ['gpt-4o', 'GPT-4o (hosted)'],
        ['bge-m3-served', 'BGE-M3 embeddings'],
      ]) {
        const ctx = call(ref);
        await action.handler(ctx);
        expect(outputs(ctx)).toEqual({
          entityRef: `aimodel:default/${ref}`,
          name: ref,
          title,
          isNew: false,
        });
      }
    });

    it('refuses a model whose calls could not be costed, naming the field and what to add', async () => {
      await expect(action.handler(call('gpt-4o-unpriced'))).rejects.toThrow(
        /^models: aimodel:default\/gpt-4o-unpriced is a hosted API model without spec.pricing/,
      );
      // bge-m3 as the catalog serves it here, with no servedBy relation.
      await expect(action.handler(call('bge-m3'))).rejects.toThrow(
        /^models: aimodel:default\/bge-m3 is served by no Component in the catalog \(annotation ai-refarch.io\/serves-models on its server\)/,
      );
      // Its type is still checked.
      await expect(
        action.handler(
          context({
            source: 'catalog',
            entityRef: 'gpt-4o',
            field: 'models',
            types: ['embedding'],
            purpose: 'call',
          }),
        ),
      ).rejects.toThrow(
        /^models: aimodel:default\/gpt-4o is an AIModel of type/,
      );
    });
  });

  it('accepts an embedding model where the golden path asks for one', async () => {
    const ctx = context({
      source: 'catalog',
      entityRef: 'bge-m3',
      types: ['embedding'],
      requireArchitecture: false,
    });
    await action.handler(ctx);
    expect(outputs(ctx)).toMatchObject({
      entityRef: 'aimodel:default/bge-m3',
      parameters: 568000000,
    });
  });
});
