import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import searchPlugin from '@backstage/plugin-search-backend';
import searchModuleCatalogCollator from '@backstage/plugin-search-backend-module-catalog';
import { searchModuleAiModel } from './module';

const llama: Entity = {
  apiVersion: 'ai-refarch.io/v1alpha1',
  kind: 'AIModel',
  metadata: {
    name: 'llama-3-1-8b-instruct',
    title: 'Llama 3.1 8B Instruct',
    description: 'General-purpose chat model',
  },
  spec: {
    type: 'llm',
    lifecycle: 'production',
    owner: 'group:default/ml-platform',
    provider: 'meta',
    version: '3.1',
    family: 'llama',
    license: 'llama3.1',
    parameters: 8030000000,
    contextWindow: 131072,
    dataClassification: 'internal',
    serving: { runtime: 'vllm' },
  },
};

const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'support-chat', description: 'Answers support questions' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/support',
  },
};

/*
 * The real search back end (its default Lunr engine) and Backstage's catalog
 * collator, with this module's transformer, indexing a catalog that holds a
 * model and a service.
 */
describe('AIModels in search', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        searchPlugin,
        searchModuleCatalogCollator,
        searchModuleAiModel,
        // The real scheduler: the mock one runs only tasks scheduled before
        // start-up, and the search back end schedules its collators at
        // start-up.
        schedulerServiceFactory,
        catalogServiceMock.factory({ entities: [llama, service] }),
        mockServices.rootConfig.factory({
          data: {
            search: {
              collators: {
                catalog: {
                  schedule: {
                    frequency: { minutes: 10 },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
  });
  afterAll(() => backend?.stop());

  async function search(term: string) {
    const url = `http://localhost:${backend.server.port()}/api/search/query?term=${encodeURIComponent(
      term,
    )}`;
    for (let i = 0; i < 100; i++) {
      const res = await fetch(url, {
        headers: { authorization: mockCredentials.user.header() },
      });
      if (res.ok) {
        const body = await res.json();
        if (body.results.length) return body.results;
      }
      await new Promise(r => setTimeout(r, 100));
    }
    return [];
  }

  it('finds the model by name, with its model fields', async () => {
    const [result, ...rest] = await search('llama');
    expect(rest).toEqual([]);
    expect(result.type).toBe('software-catalog');
    expect(result.document).toMatchObject({
      title: 'Llama 3.1 8B Instruct',
      kind: 'AIModel',
      type: 'llm',
      modelType: 'llm',
      provider: 'meta',
      version: '3.1',
      parameters: '8.03B',
      contextWindow: '128K',
      runtime: 'vllm',
      license: 'llama3.1',
      dataClassification: 'internal',
      location: '/catalog/default/aimodel/llama-3-1-8b-instruct',
    });
  });

  it('finds models by what only the model fields say', async () => {
    for (const term of ['vllm', 'meta']) {
      const results = await search(term);
      expect(results.map((r: any) => r.document.title)).toEqual([
        'Llama 3.1 8B Instruct',
      ]);
    }
  });

  it('leaves other entities as the catalog collator writes them', async () => {
    const [result] = await search('support');
    expect(result.document).toMatchObject({
      title: 'support-chat',
      kind: 'Component',
      type: 'service',
      text: 'Answers support questions',
    });
    expect(result.document.modelType).toBeUndefined();
  });
});
