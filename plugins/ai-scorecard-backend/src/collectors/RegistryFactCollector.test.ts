import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { gradeOn } from '../__testUtils__/grade';
import {
  readMlflowRegistries,
  RegistryFactCollector,
} from './RegistryFactCollector';

/*
 * No MLflow server can be installed on the build machines: these tests read
 * a loopback HTTP server that answers with the JSON of MLflow's REST API 2.0
 * as MLflow documents it (model-versions/get, registered-models/get,
 * runs/get with inputs.dataset_inputs, and RESOURCE_DOES_NOT_EXIST errors).
 */
const DIGEST = `sha256:${'a'.repeat(64)}`;

const versions: Record<string, object> = {
  'support-llm/5': {
    name: 'support-llm',
    version: '5',
    source: 's3://mlflow/support-llm/5',
    run_id: 'run-5',
    status: 'READY',
    aliases: ['champion'],
    tags: [{ key: 'digest', value: DIGEST }],
  },
  'support-llm/4': {
    name: 'support-llm',
    version: '4',
    source: 's3://mlflow/support-llm/4',
    status: 'READY',
  },
  'support-llm/6': {
    name: 'support-llm',
    version: '6',
    source: 's3://mlflow/support-llm/6',
    status: 'READY',
  },
};
const runs: Record<string, object> = {
  'run-5': {
    info: { run_id: 'run-5', experiment_id: '3', status: 'FINISHED' },
    data: { metrics: [{ key: 'eval_loss', value: 0.41 }] },
    inputs: {
      dataset_inputs: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
          dataset: {
            name: 'Support Tickets 2026Q3',
            digest: 'c4a1f2',
            source_type: 'delta',
            source: '{"path": "s3://lake/support/tickets"}',
          },
        },
        {
          tags: [{ key: 'mlflow.data.context', value: 'evaluation' }],
          dataset: { name: 'support-golden-set-v4', digest: '9b2e01' },
        },
      ],
    },
  },
};

let server: Server;
let baseUrl: string;
let token: string | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    token = req.headers.authorization;
    const url = new URL(req.url!, 'http://mlflow');
    const notFound = (what: string) =>
      res.writeHead(404, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error_code: 'RESOURCE_DOES_NOT_EXIST',
          message: `${what} not found`,
        }),
      );
    const json = (body: object) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(body));
    const q = url.searchParams;
    if (q.get('name') === 'broken') {
      return res.writeHead(500, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error_code: 'INTERNAL_ERROR',
          message: 'database is locked',
        }),
      );
    }
    switch (url.pathname) {
      case '/api/2.0/mlflow/model-versions/get': {
        const v = versions[`${q.get('name')}/${q.get('version')}`];
        return v
          ? json({ model_version: v })
          : notFound(`Model Version (name=${q.get('name')})`);
      }
      case '/api/2.0/mlflow/registered-models/get':
        return q.get('name') === 'support-llm'
          ? json({ registered_model: { name: 'support-llm', tags: [] } })
          : notFound(`Registered Model with name=${q.get('name')}`);
      case '/api/2.0/mlflow/runs/get': {
        const run = runs[q.get('run_id')!];
        return run ? json({ run }) : notFound(`Run '${q.get('run_id')}'`);
      }
      default:
        return notFound(url.pathname);
    }
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const model = (spec: object = {}): Entity => ({
  apiVersion: 'ai-refarch.io/v1alpha1',
  kind: 'AIModel',
  metadata: { name: 'support-llm', namespace: 'default' },
  spec: {
    type: 'llm',
    lifecycle: 'production',
    owner: 'group:default/ml',
    provider: 'self-hosted',
    baseModel: 'aimodel:default/llama-3-1-8b-instruct',
    datasets: ['resource:default/support-tickets-2026q3'],
    artifact: { uri: 's3://mlflow/support-llm/5', digest: DIGEST },
    aliases: ['champion'],
    rollbackVersion: '4',
    rollbackArtifact: { uri: 's3://mlflow/support-llm/4', digest: DIGEST },
    registry: {
      type: 'mlflow',
      name: 'support-llm',
      version: '5',
      url: 'https://mlflow.acme.example/#/models/support-llm/versions/5',
    },
    ...spec,
  },
});

async function grade(entity: Entity, config: object = {}) {
  const registries = readMlflowRegistries(
    new ConfigReader({
      aiScorecard: {
        registries: { mlflow: { acme: { baseUrl, token: 's3cret' } } },
      },
      ...config,
    }),
  );
  const facts =
    (
      await new RegistryFactCollector({
        registries,
        logger: mockServices.logger.mock(),
      }).collect([entity])
    ).get('aimodel:default/support-llm') ?? {};
  const result = gradeOn(entity, facts);
  const status = (id: string) => result(id).status;
  return {
    fact: facts['registry.mlflow'] as any,
    digest: status('security-compliance.artifact-digest'),
    lineage: status('mlops-platform.training-data-lineage'),
    registered: status('mlops-platform.registered'),
    alias: status('mlops-platform.alias'),
    rollback: status('on-call-incidents.rollback-version'),
  };
}

describe('RegistryFactCollector', () => {
  it("passes a model whose digest and training datasets are the registry's", async () => {
    const result = await grade(model());
    expect(result).toMatchObject({
      digest: 'pass',
      lineage: 'pass',
      registered: 'pass',
      alias: 'pass',
      rollback: 'pass',
    });
    expect(result.fact).toMatchObject({
      value: {
        registry: 'acme',
        digest: DIGEST,
        digestMatches: true,
        runId: 'run-5',
        // Evaluation inputs are not training data.
        trainingDatasets: ['Support Tickets 2026Q3'],
        lineageMatches: true,
      },
      source: 'mlflow:acme',
    });
    expect(token).toBe('Bearer s3cret');
    // A dataset named without its kind and namespace, as spec.datasets allows.
    expect(
      (await grade(model({ datasets: ['support-tickets-2026q3'] }))).lineage,
    ).toBe('pass');
  });

  it('fails a digest the registry does not have, and lineage the training run does not show', async () => {
    const other = await grade(
      model({
        artifact: { uri: 's3://x', digest: `sha256:${'b'.repeat(64)}` },
      }),
    );
    expect(other.digest).toBe('fail');
    expect(other.fact.value.digestMatches).toBe(false);

    const wrong = await grade(
      model({ datasets: ['resource:default/public-chat-logs'] }),
    );
    expect(wrong.lineage).toBe('fail');
    expect(wrong.fact.value).toMatchObject({
      undeclared: ['Support Tickets 2026Q3'],
      unlogged: ['resource:default/public-chat-logs'],
      lineageMatches: false,
    });

    // A version with no digest tag and no training run cannot confirm either.
    const bare = await grade(
      model({
        registry: { type: 'mlflow', name: 'support-llm', version: '6' },
      }),
    );
    expect(bare).toMatchObject({ digest: 'fail', lineage: 'fail' });
    expect(bare.fact.value).toMatchObject({
      digest: null,
      digestMatches: null,
      runId: null,
      lineageMatches: null,
    });
  });

  it('fails a version, alias or rollback version the registry does not hold', async () => {
    const missing = await grade(
      model({
        registry: { type: 'mlflow', name: 'support-llm', version: '9' },
      }),
    );
    expect(missing).toMatchObject({
      registered: 'fail',
      digest: 'fail',
      fact: { value: { registered: false } },
    });
    expect(
      await grade(model({ aliases: ['production'], rollbackVersion: '3' })),
    ).toMatchObject({
      alias: 'fail',
      rollback: 'fail',
      fact: {
        value: {
          aliases: ['champion'],
          aliasesMatch: false,
          rollbackRegistered: false,
        },
      },
    });
  });

  it('is unknown, saying why, when the registry cannot be asked', async () => {
    const broken = await grade(
      model({ registry: { type: 'mlflow', name: 'broken', version: '1' } }),
    );
    expect(broken).toMatchObject({ digest: 'unknown', registered: 'unknown' });
    expect(broken.fact.unknown).toMatch(
      /^could not read broken version 1 from MLflow registry acme \(aiScorecard\.registries\.mlflow\.acme\): /,
    );
    const none = await grade(model(), {
      aiScorecard: { registries: { mlflow: {} } },
    });
    expect(none.fact.unknown).toBe(
      "no MLflow registry is configured (aiScorecard.registries.mlflow.<id>.baseUrl, or the catalog's catalog.providers.aiModelMlflow)",
    );
  });

  it('leaves models in other registries to the catalog facts alone', async () => {
    const hf = await grade(
      model({
        registry: { type: 'huggingface', name: 'Qwen/Qwen2.5-7B-Instruct' },
      }),
    );
    expect(hf).toMatchObject({
      fact: undefined,
      digest: 'pass',
      lineage: 'pass',
    });
  });
});

describe('readMlflowRegistries', () => {
  it("reads the catalog provider's registries when the scorecard names none, and checks the URL", () => {
    expect(
      readMlflowRegistries(
        new ConfigReader({
          catalog: {
            providers: {
              aiModelMlflow: {
                prod: {
                  baseUrl: 'https://mlflow.acme.example',
                  schedule: {
                    frequency: { minutes: 30 },
                    timeout: { minutes: 3 },
                  },
                  defaults: { owner: 'group:default/ml' },
                },
              },
            },
          },
        }),
      ).map(r => [r.id, r.key]),
    ).toEqual([['prod', 'catalog.providers.aiModelMlflow.prod']]);
    expect(() =>
      readMlflowRegistries(
        new ConfigReader({
          aiScorecard: {
            registries: { mlflow: { x: { baseUrl: 'file:///etc' } } },
          },
        }),
      ),
    ).toThrow(
      'aiScorecard.registries.mlflow.x.baseUrl: "file:///etc" is not an http(s) URL',
    );
  });
});
