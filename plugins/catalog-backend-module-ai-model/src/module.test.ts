import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { CATALOG_ERRORS_TOPIC } from '@backstage/plugin-catalog-backend';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogModuleAiModel } from './module';

/*
 * These tests run the real catalog backend with this module, feed it an
 * example catalog with well-formed and malformed AIModels, and check what the
 * catalog then serves and which processing errors it reports.
 */

const model = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'ai-refarch.io/v1alpha1',
  kind: 'AIModel',
  metadata: { name },
  spec: {
    type: 'llm',
    lifecycle: 'production',
    owner: 'group:ml-platform',
    provider: 'self-hosted',
    version: '1',
    dataClassification: 'internal',
    ...spec,
  },
});

const good = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'ml-platform' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'model-serving' },
    spec: { owner: 'ml-platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'support-tickets' },
    spec: { type: 'dataset', owner: 'ml-platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'chat-completions' },
    spec: {
      type: 'openapi',
      lifecycle: 'production',
      owner: 'ml-platform',
      definition: 'openapi: 3.0.0',
    },
  },
  model('llama-base', {
    system: 'model-serving',
    providesApis: ['chat-completions'],
  }),
  model('llama-support', {
    baseModel: { ref: 'llama-base', relation: 'finetune' },
    datasets: ['support-tickets'],
    features: ['resource:default/ticket-features'],
  }),
  model('mistral-deployable', {
    parameters: 7_250_000_000,
    precision: 'bf16',
    architecture: { layers: 32, kvHeads: 8, headDim: 128 },
    registry: {
      type: 'huggingface',
      name: 'mistralai/Mistral-7B-Instruct-v0.3',
    },
  }),
  model('mistral-in-mlflow', {
    parameters: 7_250_000_000,
    precision: 'bf16',
    architecture: { layers: 32, kvHeads: 8, headDim: 128 },
    artifact: { uri: 'mlflow-artifacts:/22/4e8f1a2b/artifacts/model' },
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'chat-server',
      annotations: {
        'ai-refarch.io/serves-models': 'llama-base, aimodel:llama-support',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'ml-platform' },
  },
];

/** Each malformed entity, and what its processing error must say. */
const malformed: [Record<string, unknown>, RegExp][] = [
  [
    model('bad-slo-target', {
      slos: [
        {
          name: 'ttft',
          indicator: { type: 'ttft' },
          timeWindow: [{ duration: '7d', isRolling: true }],
          objectives: [{ target: 95, op: 'lte', value: 0.5 }],
        },
      ],
    }),
    /spec\.slos\[0\]\.objectives\[0\]\.target: must be below 1 \(0\.995 means 99\.5 %\)/,
  ],
  [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'bad-budget-service',
        annotations: { 'ai-refarch.io/monthly-budget': 'lots' },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'ml-platform',
        slos: [{ name: 'availability', indicator: { type: 'uptime' } }],
      },
    },
    /spec\.slos\[0\]\.indicator\.type: must be one of availability, ttft, inter-token-latency, quality.*metadata\.annotations\["ai-refarch\.io\/monthly-budget"\]: "lots" is not a budget/,
  ],
  [
    model('bad-type', { type: 'oracle' }),
    /\/spec\/type must be equal to one of the allowed values/,
  ],
  [
    model('bad-params-negative', { parameters: -8 }),
    /\/spec\/parameters must be >= 1/,
  ],
  [
    model('bad-params-string', { parameters: '8B' }),
    /\/spec\/parameters must be integer/,
  ],
  [
    model('bad-digest', {
      artifact: { uri: 's3://m/x', digest: 'sha256:xyz' },
    }),
    /\/spec\/artifact\/digest must match pattern/,
  ],
  [
    model('bad-no-owner', { owner: undefined }),
    /\/spec must have required property 'owner'/,
  ],
  [
    model('bad-classification', { dataClassification: 'top-secret' }),
    /\/spec\/dataClassification must be equal to one of the allowed values/,
  ],
  [
    model('bad-unknown-field', { gpu: 'h100' }),
    /\/spec must NOT have additional properties - additionalProperty: gpu/,
  ],
  [
    model('bad-dangling-base', {
      baseModel: { ref: 'no-such-model', relation: 'finetune' },
    }),
    /spec\.baseModel\.ref: the base model aimodel:default\/no-such-model does not exist in the catalog/,
  ],
  [
    model('bad-base-kind', {
      baseModel: { ref: 'component:chat-server', relation: 'adapter' },
    }),
    /spec\.baseModel\.ref: "component:chat-server" refers to a component, not an AIModel/,
  ],
  [
    model('bad-derivation', {
      baseModel: { ref: 'llama-base', relation: 'cloned' },
    }),
    /\/spec\/baseModel\/relation must be equal to one of the allowed values/,
  ],
  [
    model('bad-hosted-on-vllm', {
      provider: 'openai',
      serving: { runtime: 'vllm' },
    }),
    /spec\.serving\.runtime: a model from provider "openai" is a hosted API/,
  ],
  [
    model('bad-selfhosted-api', { serving: { runtime: 'hosted-api' } }),
    /spec\.serving\.runtime: "hosted-api" needs a hosted provider/,
  ],
  [
    model('bad-price', {
      provider: 'openai',
      pricing: { inputPer1MTokens: -2, outputPer1MTokens: 10 },
    }),
    /\/spec\/pricing\/inputPer1MTokens must be >= 0/,
  ],
  [
    model('bad-eval-value', {
      evaluations: [
        { tool: 'ragas', dataset: 'd', metric: 'faithfulness', value: 'high' },
      ],
    }),
    /\/spec\/evaluations\/0\/value must be number/,
  ],
  [
    model('bad-eval-date', {
      evaluations: [
        {
          tool: 'ragas',
          dataset: 'd',
          metric: 'm',
          value: 1,
          date: '27/11/2026',
        },
      ],
    }),
    /\/spec\/evaluations\/0\/date must match pattern/,
  ],
  [
    model('bad-artifact-uri', {
      artifact: { uri: 'weights on the shared drive' },
    }),
    /\/spec\/artifact\/uri must match pattern/,
  ],
  [
    model('bad-registry', { registry: { type: 'dropbox', name: 'x' } }),
    /\/spec\/registry\/type must be equal to one of the allowed values/,
  ],
  [
    model('bad-rollback', { rollbackVersion: '1' }),
    /spec\.rollbackVersion: must be a previous version/,
  ],
  [
    model('bad-context', { contextWindow: 0 }),
    /\/spec\/contextWindow must be >= 1/,
  ],
  [
    model('bad-provider', { provider: 'Open AI' }),
    /\/spec\/provider must match pattern/,
  ],
  [
    model('bad-gpu-count', { resources: { count: -1 } }),
    /\/spec\/resources\/count must be >= 0/,
  ],
  [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'bad-serves-annotation',
        annotations: {
          'ai-refarch.io/serves-models': 'llama-base, api:chat-completions',
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'ml-platform' },
    },
    /ai-refarch\.io\/serves-models"\]: "api:chat-completions" refers to a api, not an AIModel/,
  ],
];

describe('catalog module ai-model, through the real catalog backend', () => {
  jest.setTimeout(120_000);
  let dir: string;
  let errors: Map<string, string[]>;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  const errorCollector = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-error-collector',
    register(reg) {
      reg.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'test-error-collector',
            topics: [CATALOG_ERRORS_TOPIC],
            async onEvent({ eventPayload }) {
              const { entity, errors: list } = eventPayload as {
                entity: string;
                errors: { message: string }[];
              };
              errors.set(
                entity,
                list.map(e => e.message),
              );
            },
          });
        },
      });
    },
  });

  async function getEntity(ref: string): Promise<Entity | undefined> {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    const res = await fetch(
      `http://localhost:${backend.server.port()}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
      { headers: { authorization: mockCredentials.user.header() } },
    );
    return res.ok ? res.json() : undefined;
  }

  async function eventually<T>(
    probe: () => Promise<T | undefined>,
    what: string,
  ): Promise<T> {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  beforeAll(async () => {
    errors = new Map();
    dir = await mkdtemp(join(tmpdir(), 'ai-model-catalog-'));
    const file = join(dir, 'catalog.yaml');
    const docs = [...good, ...malformed.map(([e]) => e)].map(e =>
      yaml.stringify(JSON.parse(JSON.stringify(e))),
    );
    await writeFile(file, docs.join('---\n'));
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleAiModel,
        errorCollector,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Group',
                    'AIModel',
                    'Location',
                  ],
                },
              ],
              locations: [{ type: 'file', target: file }],
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves well-formed models with every relation in both directions', async () => {
    const derived = await eventually(
      () => getEntity('aimodel:default/llama-support'),
      'the fine-tune to be processed',
    );
    const rel = (e: Entity) =>
      (e.relations ?? []).map(r => `${r.type} ${r.targetRef}`).sort();
    expect(rel(derived)).toEqual([
      'dependsOn resource:default/ticket-features',
      'derivedFrom aimodel:default/llama-base',
      'ownedBy group:default/ml-platform',
      'servedBy component:default/chat-server',
      'trainedOn resource:default/support-tickets',
    ]);

    const base = await eventually(async () => {
      const e = await getEntity('aimodel:default/llama-base');
      return e && rel(e).some(r => r.startsWith('hasDerivative'))
        ? e
        : undefined;
    }, 'the base model to list its derivative');
    expect(rel(base)).toEqual(
      [
        'providesApi api:default/chat-completions',
        'hasDerivative aimodel:default/llama-support',
        'ownedBy group:default/ml-platform',
        'partOf system:default/model-serving',
        'servedBy component:default/chat-server',
      ].sort(),
    );

    const server = await eventually(
      () => getEntity('component:default/chat-server'),
      'the model server',
    );
    expect(rel(server)).toEqual(
      expect.arrayContaining([
        'serves aimodel:default/llama-base',
        'serves aimodel:default/llama-support',
      ]),
    );
    const dataset = await eventually(
      () => getEntity('resource:default/support-tickets'),
      'the dataset',
    );
    expect(rel(dataset)).toContain(
      'trainingDataFor aimodel:default/llama-support',
    );
    const api = await eventually(
      () => getEntity('api:default/chat-completions'),
      'the API',
    );
    expect(rel(api)).toContain('apiProvidedBy aimodel:default/llama-base');
    const system = await eventually(
      () => getEntity('system:default/model-serving'),
      'the system',
    );
    expect(rel(system)).toContain('hasPart aimodel:default/llama-base');
    const group = await eventually(
      () => getEntity('group:default/ml-platform'),
      'the group',
    );
    expect(rel(group)).toEqual(
      expect.arrayContaining([
        'ownerOf aimodel:default/llama-base',
        'ownerOf aimodel:default/llama-support',
      ]),
    );
  });

  it('labels the models the golden paths can deploy, and says why not for the others', async () => {
    const ready = await eventually(
      () => getEntity('aimodel:default/mistral-deployable'),
      'the deployable model',
    );
    expect(ready.metadata.labels).toMatchObject({
      'ai-refarch.io/serving-ready': 'true',
    });
    expect(ready.metadata.annotations).not.toHaveProperty(
      'ai-refarch.io/serving-ready-reason',
    );
    // Was offered by the serving path's picker, then refused as having no URI.
    const mlflow = await eventually(
      () => getEntity('aimodel:default/mistral-in-mlflow'),
      'the MLflow model',
    );
    expect(mlflow.metadata.labels).toMatchObject({
      'ai-refarch.io/serving-ready': 'false',
    });
    expect(
      mlflow.metadata.annotations?.['ai-refarch.io/serving-ready-reason'],
    ).toMatch(
      /^has its weights at mlflow-artifacts:\/22\/4e8f1a2b\/artifacts\/model, which KServe's storage initializer cannot fetch/,
    );
    // No shape: GPU sizing cannot size it.
    const shapeless = await eventually(
      () => getEntity('aimodel:default/llama-base'),
      'the base model',
    );
    expect(shapeless.metadata.labels).toMatchObject({
      'ai-refarch.io/serving-ready': 'false',
    });
  });

  it.each(
    malformed.map(
      ([e, m]) =>
        [
          (e.metadata as { name: string }).name,
          (e as { kind: string }).kind,
          m,
        ] as const,
    ),
  )(
    'reports %s as a processing error that names the field',
    async (name, kind, message) => {
      const ref = `${kind.toLocaleLowerCase('en-US')}:default/${name}`;
      const reported = await eventually(
        async () => errors.get(ref),
        `an error for ${ref}`,
      );
      expect(reported.join('\n')).toMatch(message);
      // A malformed entity never reaches the catalog's API.
      expect(await getEntity(ref)).toBeUndefined();
    },
  );
});
