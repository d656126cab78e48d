import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { aiModelEntityV1alpha1Validator } from '@ai-refarch/plugin-ai-model-common';
import { MlflowClient } from '@ai-refarch/plugin-ai-model-common';
import { MlflowEntityProvider } from './MlflowEntityProvider';
import {
  entitiesOf,
  expectLastGoodKept,
  mockConnection,
  loopbackRegistry,
  RegistryAnswer,
} from '../registry/__testUtils__/registryProviderTests';

/*
 * No MLflow server can be installed on the build machines, so these tests run
 * the provider against a loopback HTTP server that answers with the JSON of
 * MLflow's REST API 2.0 (registered-models/search and model-versions/search,
 * paginated with page_token), as documented by MLflow.
 */

const registeredModels = [
  {
    name: 'Fraud Scorer',
    creation_timestamp: 1730000000000,
    description: 'Gradient-boosted fraud scorer',
    tags: [
      { key: 'type', value: 'classifier' },
      { key: 'owner', value: 'group:risk' },
      { key: 'data_classification', value: 'pci' },
      { key: 'runtime', value: 'triton' },
    ],
    aliases: [
      { alias: 'champion', version: '3' },
      { alias: 'challenger', version: '4' },
    ],
  },
  {
    name: 'support-llm',
    tags: [{ key: 'parameters', value: '8030000000' }],
    aliases: [],
  },
  {
    name: 'bge-reranker',
    tags: [
      { key: 'type', value: 'reranker' },
      { key: 'parameters', value: 'many' },
    ],
  },
];

const modelVersions = [
  {
    name: 'Fraud Scorer',
    version: '2',
    source: 's3://mlflow/fraud/2',
    run_id: 'r2',
    status: 'READY',
    tags: [{ key: 'digest', value: `sha256:${'b'.repeat(64)}` }],
  },
  {
    name: 'Fraud Scorer',
    version: '3',
    source: 's3://mlflow/fraud/3',
    run_id: 'r3',
    status: 'READY',
    aliases: ['champion'],
    tags: [{ key: 'digest', value: `sha256:${'a'.repeat(64)}` }],
  },
  {
    name: 'Fraud Scorer',
    version: '4',
    source: 's3://mlflow/fraud/4',
    run_id: 'r4',
    status: 'READY',
    aliases: ['challenger'],
  },
  {
    name: 'support-llm',
    version: '1',
    source: 'runs:/r10/model',
    run_id: 'r10',
    status: 'READY',
  },
  {
    name: 'support-llm',
    version: '2',
    source: 'runs:/r11/model',
    run_id: 'r11',
    status: 'READY',
  },
  {
    name: 'bge-reranker',
    version: '1',
    source: 'mlflow-artifacts:/5/r20/artifacts/model',
    run_id: 'r20',
  },
];

/** The run behind Fraud Scorer v3, as runs/get returns it (MLflow 2.4+ inputs). */
const fraudRun = {
  info: { run_id: 'r3', experiment_id: '12', status: 'FINISHED' },
  data: {
    metrics: [
      { key: 'eval_auc', value: 0.94, timestamp: 1762761540000, step: 3 },
      { key: 'eval/precision_at_1pct', value: 0.71, timestamp: 1762761540000 },
      // A training metric: not an evaluation.
      { key: 'train_loss', value: 0.21, timestamp: 1762761000000 },
    ],
    params: [],
    tags: [],
  },
  inputs: {
    dataset_inputs: [
      {
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
        dataset: {
          name: 'Fraud Transactions 2025',
          digest: 'a1b2',
          source_type: 'delta',
        },
      },
      {
        tags: [{ key: 'mlflow.data.context', value: 'evaluation' }],
        dataset: {
          name: 'fraud-holdout-2025q4',
          digest: 'c3d4',
          source_type: 'delta',
        },
      },
    ],
  },
};

/** Serves `items` two at a time with MLflow's page tokens. */
function paged(key: string, items: unknown[], url: URL) {
  const offset = Number(url.searchParams.get('page_token') ?? '0');
  const page = items.slice(offset, offset + 2);
  const next = offset + 2 < items.length ? String(offset + 2) : undefined;
  return { [key]: page, ...(next ? { next_page_token: next } : {}) };
}

const mlflowApi: RegistryAnswer = (req, res, url) => {
  if (req.headers.authorization !== 'Bearer s3cret') {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error_code: 'UNAUTHENTICATED',
        message: 'Credentials were not supplied',
      }),
    );
    return;
  }
  const json = (body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/api/2.0/mlflow/registered-models/search') {
    json(paged('registered_models', registeredModels, url));
  } else if (url.pathname === '/api/2.0/mlflow/model-versions/search') {
    json(paged('model_versions', modelVersions, url));
  } else if (
    url.pathname === '/api/2.0/mlflow/runs/get' &&
    url.searchParams.get('run_id') === 'r3'
  ) {
    json({ run: fraudRun });
  } else if (url.pathname === '/api/2.0/mlflow/runs/get') {
    // The other runs were deleted: MLflow answers 404.
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: `Run '${url.searchParams.get('run_id')}' not found`,
      }),
    );
  } else {
    res.writeHead(404);
    res.end(JSON.stringify({ error_code: 'ENDPOINT_NOT_FOUND' }));
  }
};

describe('MlflowEntityProvider', () => {
  const registry = loopbackRegistry(mlflowApi);

  function setup(timeoutMs = 2000) {
    const connection = mockConnection();
    const logger = mockServices.logger.mock();
    const provider = new MlflowEntityProvider({
      id: 'main',
      client: new MlflowClient({
        baseUrl: registry.baseUrl,
        token: 's3cret',
        timeoutMs,
      }),
      mapping: {
        registryId: 'main',
        baseUrl: registry.baseUrl,
        preferredAlias: 'champion',
        defaults: {
          owner: 'group:ml-platform',
          lifecycle: 'production',
          dataClassification: 'internal',
        },
      },
      logger,
    });
    return { provider, connection, logger };
  }

  it('reads every page and maps models to AIModel entities', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);
    expect(await provider.refresh()).toBe(true);

    expect(registry.requests).toEqual(
      expect.arrayContaining([
        '/api/2.0/mlflow/registered-models/search?max_results=1000',
        '/api/2.0/mlflow/registered-models/search?max_results=1000&page_token=2',
        '/api/2.0/mlflow/model-versions/search?max_results=10000&page_token=4',
      ]),
    );
    const entities = entitiesOf(connection);
    expect(entities.map((e: any) => e.metadata.name)).toEqual([
      'fraud-scorer',
      'support-llm',
      'bge-reranker',
    ]);

    const fraud = entities[0];
    expect(fraud.metadata.title).toBe('Fraud Scorer');
    expect(fraud.metadata.description).toBe('Gradient-boosted fraud scorer');
    expect(fraud.spec).toMatchObject({
      type: 'classifier',
      owner: 'group:risk',
      dataClassification: 'pci',
      version: '3',
      aliases: ['champion'],
      rollbackVersion: '2',
      // The previous version's own weights and digest, for a rollback.
      rollbackArtifact: {
        uri: 's3://mlflow/fraud/2',
        digest: `sha256:${'b'.repeat(64)}`,
      },
      serving: { runtime: 'triton' },
      artifact: {
        uri: 's3://mlflow/fraud/3',
        runId: 'r3',
        digest: `sha256:${'a'.repeat(64)}`,
      },
      registry: {
        type: 'mlflow',
        name: 'Fraud Scorer',
        version: '3',
        url: `${registry.baseUrl}/#/models/Fraud%20Scorer/versions/3`,
      },
    });
    // Its run's evaluation metrics, on the dataset the run evaluated on,
    // dated, linked back to the run; the datasets it trained on.
    const runUrl = `${registry.baseUrl}/#/experiments/12/runs/r3`;
    expect(fraud.spec.evaluations).toEqual([
      {
        tool: 'mlflow',
        dataset: 'fraud-holdout-2025q4',
        metric: 'eval_auc',
        value: 0.94,
        date: '2025-11-10',
        runUrl,
      },
      {
        tool: 'mlflow',
        dataset: 'fraud-holdout-2025q4',
        metric: 'eval/precision_at_1pct',
        value: 0.71,
        date: '2025-11-10',
        runUrl,
      },
    ]);
    expect(fraud.spec.datasets).toEqual([
      'resource:default/fraud-transactions-2025',
    ]);
    expect(fraud.metadata.links).toContainEqual({
      url: runUrl,
      title: 'MLflow run',
    });
    await expect(aiModelEntityV1alpha1Validator.check(fraud)).resolves.toBe(
      true,
    );

    const llm = entities[1];
    expect(llm.spec).toMatchObject({
      version: '2',
      rollbackVersion: '1',
      parameters: 8030000000,
      owner: 'group:ml-platform',
    });
    // Its version 1 records no digest: nothing pinned to roll back to.
    expect(llm.spec.rollbackArtifact).toBeUndefined();
    expect(llm.spec.aliases).toBeUndefined();
    // Its run is gone from MLflow (404): no evaluations, no run link.
    expect(llm.spec.evaluations).toBeUndefined();
    expect(llm.metadata.links).toHaveLength(1);
    await expect(aiModelEntityV1alpha1Validator.check(llm)).resolves.toBe(true);
  });

  it('keeps a bad tag value so that validation names the field', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);
    await provider.refresh();
    const reranker = entitiesOf(connection)[2];
    expect(reranker.spec.parameters).toBe('many');
    await expect(
      aiModelEntityV1alpha1Validator.check(reranker),
    ).rejects.toThrow(/\/spec\/parameters must be integer/);
  });

  it.each([
    [
      'a 5xx answer',
      ((_req, res) => {
        res.writeHead(503);
        res.end('upstream down');
      }) as RegistryAnswer,
      /503/,
    ],
    [
      'a garbled answer',
      ((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"registered_models": 42}');
      }) as RegistryAnswer,
      /without a list of results/,
    ],
    [
      'a wrong token',
      ((req, res, url) => {
        req.headers.authorization = 'Bearer nope';
        mlflowApi(req, res, url);
      }) as RegistryAnswer,
      /401/,
    ],
  ])(
    'keeps the last good entities after %s, and recovers on the next run',
    async (_case, failing, error) => {
      await expectLastGoodKept({
        ...setup(),
        fail: () => (registry.answer = failing),
        recover: () => (registry.answer = mlflowApi),
        registry: 'MLflow',
        error,
      });
    },
  );

  it('gives up on a registry slower than the configured timeout', async () => {
    const { provider, connection, logger } = setup(200);
    await provider.connect(connection);
    registry.answer = (req, res, url) =>
      setTimeout(() => mlflowApi(req, res, url), 1000).unref();
    const started = Date.now();
    expect(await provider.refresh()).toBe(false);
    expect(Date.now() - started).toBeLessThan(900);
    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalled();
  });

  it('reads several registries from config, each with its own schedule', () => {
    const scheduler = mockServices.scheduler.mock();
    const providers = MlflowEntityProvider.fromConfig(
      new ConfigReader({
        catalog: {
          providers: {
            aiModelMlflow: {
              prod: {
                baseUrl: registry.baseUrl,
                token: 't',
                schedule: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 3 },
                },
                defaults: { owner: 'group:ml-platform' },
              },
              research: {
                baseUrl: registry.baseUrl,
                schedule: { frequency: { hours: 6 }, timeout: { minutes: 10 } },
                defaults: { owner: 'group:research' },
              },
            },
          },
        },
      }),
      { logger: mockServices.logger.mock(), scheduler },
    );
    expect(providers.map(p => p.getProviderName())).toEqual([
      'AIModelMlflowProvider:prod',
      'AIModelMlflowProvider:research',
    ]);
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith(
      expect.objectContaining({ frequency: { minutes: 30 } }),
    );
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith(
      expect.objectContaining({ frequency: { hours: 6 } }),
    );
  });
});
