import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  aiModelEntityV1alpha1Validator,
  KubeflowModelRegistryClient,
} from '@ai-refarch/plugin-ai-model-common';
import { sendJson } from '@internal/test-kit';
import { KubeflowEntityProvider } from './KubeflowEntityProvider';
import {
  entitiesOf,
  expectLastGoodKept,
  mockConnection,
  loopbackRegistry,
  RegistryAnswer,
} from '../registry/__testUtils__/registryProviderTests';

/*
 * No Kubeflow Model Registry can be installed on the build machines, so these
 * tests run the provider against a loopback HTTP server answering with the
 * JSON of the registry's REST API v1alpha3 as its OpenAPI spec defines it
 * (kubeflow/model-registry, api/openapi/model-registry.yaml): string ids and
 * timestamps, custom properties keyed on metadataType with snake_case values,
 * lists of { items, nextPageToken, pageSize, size } whose last page has the
 * token "", artifacts of a version of several artifactTypes, and errors as
 * { code: <status text>, message }.
 */

const text = (value: string) => ({
  metadataType: 'MetadataStringValue',
  string_value: value,
});

const registeredModels = [
  {
    id: '1',
    name: 'Churn Predictor',
    description: 'Customer churn classifier',
    owner: 'ada@acme.io',
    state: 'LIVE',
    license: 'apache-2.0',
    createTimeSinceEpoch: '1707765353963',
    lastUpdateTimeSinceEpoch: '1707765353963',
    customProperties: {
      type: text('classifier'),
      owner: text('group:risk'),
      data_classification: text('confidential'),
      // A dashboard label: a string property with an empty value.
      production: text(''),
    },
  },
  {
    id: '2',
    name: 'support-llm-ft',
    state: 'LIVE',
    customProperties: {
      base_model: text('aimodel:default/llama-3-1-8b-instruct'),
      base_model_relation: text('adapter'),
      parameters: { metadataType: 'MetadataIntValue', int_value: '8030000000' },
      runtime: text('vllm'),
      // The feature services it reads, as comma-separated entity refs.
      features: text(
        'resource:default/support.ticket_features, resource:default/support.customer_profile',
      ),
    },
  },
  { id: '3', name: 'retired', state: 'ARCHIVED' },
  { id: '4', name: 'nothing-registered-yet', state: 'LIVE' },
];

const modelVersions = [
  { id: '10', name: 'v1', registeredModelId: '1', state: 'LIVE' },
  {
    id: '11',
    name: 'v2',
    registeredModelId: '1',
    state: 'LIVE',
    author: 'ada',
    lastUpdateTimeSinceEpoch: '1762761540000',
    customProperties: {
      eval_auc: { metadataType: 'MetadataDoubleValue', double_value: 0.93 },
      eval_recall_at_5pct: {
        metadataType: 'MetadataDoubleValue',
        double_value: 0.62,
      },
      epochs: { metadataType: 'MetadataIntValue', int_value: '10' },
    },
  },
  { id: '12', name: 'v3-broken', registeredModelId: '1', state: 'ARCHIVED' },
  {
    id: '20',
    name: '2026.11',
    registeredModelId: '2',
    state: 'LIVE',
    customProperties: {
      digest: text(`sha256:${'b'.repeat(64)}`),
      accuracy: { metadataType: 'MetadataDoubleValue', double_value: 0.91 },
    },
  },
  { id: '30', name: '1', registeredModelId: '3', state: 'LIVE' },
];

const artifactsByVersion: Record<string, unknown[]> = {
  // The version before the current one: what a rollback deploys.
  '10': [
    {
      artifactType: 'model-artifact',
      id: '90',
      name: 'churn-onnx',
      uri: 's3://models/churn/v1/model.onnx',
      state: 'LIVE',
      modelFormatName: 'onnx',
      customProperties: { digest: text(`sha256:${'b'.repeat(64)}`) },
    },
  ],
  '11': [
    {
      artifactType: 'model-artifact',
      id: '100',
      name: 'churn-onnx',
      uri: 's3://models/churn/v2/model.onnx',
      state: 'LIVE',
      modelFormatName: 'onnx',
      modelFormatVersion: '1',
      storageKey: 'aws-connection-models',
      storagePath: 'churn/v2',
      modelSourceKind: 'kfp',
      modelSourceClass: 'pipelinerun',
      modelSourceGroup: 'risk',
      modelSourceId: 'run-7f3a',
      modelSourceName: 'risk/run-7f3a',
      customProperties: { digest: text(`sha256:${'a'.repeat(64)}`) },
    },
    {
      artifactType: 'dataset-artifact',
      id: '101',
      name: 'Churn Events 2026',
      uri: 's3://data/churn/2026',
      digest: 'd41d8c',
      sourceType: 's3',
    },
    {
      artifactType: 'metric',
      id: '102',
      name: 'auc',
      value: 0.93,
      timestamp: '1707765353963',
      step: 1,
    },
  ],
  '20': [
    {
      artifactType: 'model-artifact',
      id: '200',
      name: 'support-llm-ft',
      uri: 'oci://registry.acme.io/models/support-llm-ft:2026.11',
      // A format the AIModel kind does not name is left out.
      modelFormatName: 'vLLM',
      modelSourceKind: 'catalog',
      modelSourceName: 'ibm-granite/granite-3.1-8b-base:2.1.2',
    },
  ],
};

/** Serves `items` two at a time with opaque page tokens, as the registry does. */
function paged(items: unknown[], url: URL) {
  const token = url.searchParams.get('nextPageToken');
  const offset = token ? Number(Buffer.from(token, 'base64').toString()) : 0;
  const pageSize = Number(url.searchParams.get('pageSize') ?? 0);
  const size = Math.min(pageSize || items.length, 2);
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length;
  return {
    items: page,
    nextPageToken: next
      ? Buffer.from(String(offset + size)).toString('base64')
      : '',
    pageSize,
    size: page.length,
  };
}

const registryApi: RegistryAnswer = (req, res, url) => {
  if (req.headers.authorization !== 'Bearer s3cret') {
    sendJson(res, 401, {
      code: 'Unauthorized',
      message: 'missing or bad token',
    });
    return;
  }
  const path = url.pathname.replace('/api/model_registry/v1alpha3/', '');
  const versionArtifacts = /^model_versions\/(\d+)\/artifacts$/.exec(path);
  if (path === 'registered_models') {
    sendJson(res, 200, paged(registeredModels, url));
  } else if (path === 'model_versions') {
    sendJson(res, 200, paged(modelVersions, url));
  } else if (versionArtifacts) {
    sendJson(
      res,
      200,
      paged(artifactsByVersion[versionArtifacts[1]] ?? [], url),
    );
  } else {
    sendJson(res, 404, {
      code: 'Not Found',
      message: `no route ${url.pathname}`,
    });
  }
};

describe('KubeflowEntityProvider', () => {
  const registry = loopbackRegistry(registryApi);

  function setup(options: { uiUrl?: string; timeoutMs?: number } = {}) {
    const connection = mockConnection();
    const logger = mockServices.logger.mock();
    const client = new KubeflowModelRegistryClient({
      baseUrl: registry.baseUrl,
      token: 's3cret',
      timeoutMs: options.timeoutMs ?? 2000,
    });
    const provider = new KubeflowEntityProvider({
      id: 'main',
      client,
      mapping: {
        registryId: 'main',
        resourceUrl: path => client.resourceUrl(path),
        uiUrl: options.uiUrl,
        defaults: { owner: 'group:ml-platform', lifecycle: 'production' },
      },
      logger,
    });
    return { provider, connection, logger };
  }

  it('reads every page and maps the live models to valid AIModel entities', async () => {
    const { provider, connection } = setup({
      uiUrl: 'https://kubeflow.acme.io/model-registry/main',
    });
    await provider.connect(connection);
    expect(await provider.refresh()).toBe(true);

    expect(registry.requests).toEqual(
      expect.arrayContaining([
        '/api/model_registry/v1alpha3/registered_models?pageSize=100&orderBy=ID&sortOrder=ASC',
        `/api/model_registry/v1alpha3/registered_models?pageSize=100&orderBy=ID&sortOrder=ASC&nextPageToken=${encodeURIComponent(
          Buffer.from('2').toString('base64'),
        )}`,
        '/api/model_registry/v1alpha3/model_versions/11/artifacts?pageSize=100&orderBy=ID&sortOrder=ASC',
        '/api/model_registry/v1alpha3/model_versions/20/artifacts?pageSize=100&orderBy=ID&sortOrder=ASC',
      ]),
    );
    // Only the artifacts of the current version and the one before it of
    // each live model are read: v1 and v2 of churn (not the archived v3;
    // v2's in two pages), the only version of the other live model.
    const artifactsOf = (id: string) =>
      `/api/model_registry/v1alpha3/model_versions/${id}/artifacts?pageSize=100&orderBy=ID&sortOrder=ASC`;
    expect(
      registry.requests.filter(r => r.includes('/artifacts')).sort(),
    ).toEqual([
      artifactsOf('10'),
      artifactsOf('11'),
      `${artifactsOf('11')}&nextPageToken=Mg%3D%3D`,
      artifactsOf('20'),
    ]);

    const entities = entitiesOf(connection);
    // The archived model, and the one without a version, are not ingested.
    expect(entities.map((e: any) => e.metadata.name)).toEqual([
      'churn-predictor',
      'support-llm-ft',
    ]);
    const [churn, llm] = entities;
    expect(churn.metadata).toMatchObject({
      title: 'Churn Predictor',
      description: 'Customer churn classifier',
      annotations: {
        'ai-refarch.io/registry-source': 'kubeflow:main',
        'backstage.io/managed-by-location': `url:${registry.baseUrl}/api/model_registry/v1alpha3/registered_models/1`,
      },
      links: [
        {
          url: 'https://kubeflow.acme.io/model-registry/main/registeredModels/1/versions/11',
          title: 'Kubeflow Model Registry',
        },
      ],
    });
    expect(churn.spec).toEqual({
      type: 'classifier',
      lifecycle: 'production',
      owner: 'group:risk',
      provider: 'self-hosted',
      dataClassification: 'confidential',
      license: 'apache-2.0',
      // The newest live version; the archived v3 is passed over.
      version: 'v2',
      rollbackVersion: 'v1',
      rollbackArtifact: {
        uri: 's3://models/churn/v1/model.onnx',
        digest: `sha256:${'b'.repeat(64)}`,
      },
      registry: {
        type: 'kubeflow',
        name: 'Churn Predictor',
        version: 'v2',
        url: 'https://kubeflow.acme.io/model-registry/main/registeredModels/1/versions/11',
      },
      // Trained by a pipeline run, on a dataset registered with the version.
      artifact: {
        uri: 's3://models/churn/v2/model.onnx',
        format: 'onnx',
        digest: `sha256:${'a'.repeat(64)}`,
        runId: 'run-7f3a',
      },
      datasets: ['resource:default/churn-events-2026'],
      // The version's metrics named as evaluations, on its dataset.
      evaluations: [
        {
          tool: 'kubeflow',
          dataset: 'Churn Events 2026',
          metric: 'eval_auc',
          value: 0.93,
          date: '2025-11-10',
        },
        {
          tool: 'kubeflow',
          dataset: 'Churn Events 2026',
          metric: 'eval_recall_at_5pct',
          value: 0.62,
          date: '2025-11-10',
        },
      ],
    });
    expect(llm.spec).toMatchObject({
      owner: 'group:ml-platform',
      version: '2026.11',
      parameters: 8030000000,
      serving: { runtime: 'vllm' },
      baseModel: {
        ref: 'aimodel:default/llama-3-1-8b-instruct',
        relation: 'adapter',
      },
      features: [
        'resource:default/support.ticket_features',
        'resource:default/support.customer_profile',
      ],
      artifact: {
        uri: 'oci://registry.acme.io/models/support-llm-ft:2026.11',
        digest: `sha256:${'b'.repeat(64)}`,
      },
    });
    // A model copied from a catalog was not trained by a run here, and a
    // format the kind does not name is not made up.
    expect(llm.spec.artifact.runId).toBeUndefined();
    expect(llm.spec.artifact.format).toBeUndefined();
    expect(llm.spec.rollbackVersion).toBeUndefined();
    for (const entity of entities) {
      await expect(aiModelEntityV1alpha1Validator.check(entity)).resolves.toBe(
        true,
      );
    }
  });

  it('tags the models of a demo registry as demo', async () => {
    const client = new KubeflowModelRegistryClient({
      baseUrl: registry.baseUrl,
      token: 's3cret',
      timeoutMs: 2000,
    });
    const provider = new KubeflowEntityProvider({
      id: 'demo',
      client,
      mapping: {
        registryId: 'demo',
        resourceUrl: path => client.resourceUrl(path),
        defaults: { owner: 'group:ml-platform' },
      },
      logger: mockServices.logger.mock(),
      demo: true,
    });
    const connection = mockConnection();
    await provider.connect(connection);
    await provider.refresh();
    for (const entity of entitiesOf(connection)) {
      expect(entity.metadata.tags).toEqual(['demo']);
    }
  });

  it('links nowhere without the dashboard URL', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);
    await provider.refresh();
    const [churn] = entitiesOf(connection);
    expect(churn.metadata.links).toBeUndefined();
    expect(churn.spec.registry.url).toBeUndefined();
  });

  it.each([
    [
      'a 503',
      ((_req, res) =>
        sendJson(res, 503, {
          code: 'Service Unavailable',
          message: 'database down',
        })) as RegistryAnswer,
      /503/,
    ],
    [
      'an answer without items',
      ((_req, res) => sendJson(res, 200, { size: 0 })) as RegistryAnswer,
      /registered_models answered without a list of items/,
    ],
    [
      'a refused token',
      ((req, res, url) => {
        req.headers.authorization = 'Bearer nope';
        registryApi(req, res, url);
      }) as RegistryAnswer,
      /401/,
    ],
  ])(
    'keeps the last good entities after %s, and recovers on the next run',
    async (_case, failing, error) => {
      await expectLastGoodKept({
        ...setup(),
        fail: () => (registry.answer = failing),
        recover: () => (registry.answer = registryApi),
        registry: 'the Kubeflow Model Registry',
        error,
      });
    },
  );

  it('gives up on a registry slower than the configured timeout', async () => {
    const { provider, connection } = setup({ timeoutMs: 200 });
    await provider.connect(connection);
    registry.answer = (req, res, url) =>
      setTimeout(() => registryApi(req, res, url), 1000).unref();
    expect(await provider.refresh()).toBe(false);
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('reads its registries from config, and refuses one without an owner default', () => {
    const scheduler = mockServices.scheduler.mock();
    const config = (defaults: object) =>
      new ConfigReader({
        catalog: {
          providers: {
            aiModelKubeflow: {
              kf: {
                baseUrl: registry.baseUrl,
                token: 't',
                uiUrl: 'https://kubeflow.acme.io/model-registry/kf',
                schedule: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 3 },
                },
                defaults,
              },
            },
          },
        },
      });
    const deps = { logger: mockServices.logger.mock(), scheduler };
    expect(
      KubeflowEntityProvider.fromConfig(
        config({ owner: 'group:ml-platform' }),
        deps,
      ).map(p => p.getProviderName()),
    ).toEqual(['AIModelKubeflowProvider:kf']);
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith(
      expect.objectContaining({ frequency: { minutes: 30 } }),
    );
    expect(() => KubeflowEntityProvider.fromConfig(config({}), deps)).toThrow(
      /catalog\.providers\.aiModelKubeflow\.kf\.defaults\.owner/,
    );
  });
});
