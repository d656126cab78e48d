import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { aiModelEntityV1alpha1Validator } from '@ai-refarch/plugin-ai-model-common';
import { listenOnLoopback, sendJson } from '@internal/test-kit';
import { WandbEntityProvider } from './WandbEntityProvider';
import { WandbRegistryClient } from './WandbRegistryClient';
import {
  entitiesOf,
  expectLastGoodKept,
  mockConnection,
} from '../registry/__testUtils__/registryProviderTests';

/*
 * W&B cannot be installed on the build machines, so these tests run the
 * provider against a loopback HTTP server answering POST /graphql as W&B
 * does for the queries the wandb SDK sends (wandb/wandb,
 * wandb/sdk/artifacts/_generated/operations.py: FetchRegistries and
 * RegistryVersions): relay connections paged with first/after, filters as
 * JSON strings, metadata as a JSON string, createdBy a Run or a User, HTTP
 * Basic auth with user "api", GraphQL errors as { errors: [{ message }] }.
 */

type Handler = (req: IncomingMessage, res: ServerResponse, body: any) => void;

const KEY = 'wandb_v1_testkey';

const registries = [
  { name: 'wandb-registry-model', description: 'Production models' },
  { name: 'wandb-registry-dataset', description: 'Datasets' },
];

const version = (
  collection: string,
  index: number,
  aliases: string[],
  artifact: Record<string, unknown> = {},
) => ({
  versionIndex: index,
  aliases: aliases.map(alias => ({ alias })),
  artifactCollection: {
    name: collection,
    project: { name: 'wandb-registry-model' },
  },
  artifact: {
    id: `QXJ0aWZhY3Q6${collection}${index}`,
    artifactType: { name: 'model' },
    description: null,
    metadata: null,
    state: 'COMMITTED',
    digest: 'd41d8cd98f00b204e9800998ecf8427e',
    createdAt: '2026-11-10T08:59:00',
    createdBy: { __typename: 'User' },
    ...artifact,
  },
});

const memberships = [
  version('support-llm', 0, []),
  version('support-llm', 1, ['staging'], {
    metadata: JSON.stringify({ digest: `sha256:${'b'.repeat(64)}` }),
  }),
  version('support-llm', 2, ['latest', 'production'], {
    description: 'Support fine-tune of Llama 3.1 8B',
    metadata: JSON.stringify({
      owner: 'group:default/applied-ml',
      base_model: 'aimodel:default/llama-3-1-8b-instruct',
      base_model_relation: 'adapter',
      parameters: 8030000000,
      digest: `sha256:${'c'.repeat(64)}`,
      epochs: 3,
      eval_dataset: 'support-holdout-2026q3',
      'eval/accuracy': 0.88,
    }),
    createdBy: {
      __typename: 'Run',
      name: 'k3x9p2',
      project: { name: 'finetune', entity: { name: 'ml-team' } },
    },
  }),
  version('support-llm', 3, [], { state: 'DELETED' }),
  // Not a model: a dataset linked into the model registry.
  version('eval-set', 0, ['latest'], { artifactType: { name: 'dataset' } }),
];

/** One page of `items` after the cursor, two at a time. */
function relayPage(items: unknown[], after: string | null) {
  const from = after ? Number(after) : 0;
  const next = from + 2;
  return {
    pageInfo: {
      endCursor: String(Math.min(next, items.length)),
      hasNextPage: next < items.length,
    },
    edges: items.slice(from, next).map(node => ({ node })),
  };
}

const wandbApi: Handler = (req, res, { query, variables }) => {
  if (
    req.headers.authorization !==
    `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`
  ) {
    sendJson(res, 401, {
      errors: [{ message: 'user is not logged in' }],
      data: null,
    });
    return;
  }
  if (/^query RunInputArtifacts/.test(query)) {
    // Project.run(name).inputArtifacts: what the fine-tuning run used, the
    // base model's weights among them (wandb/apis/public/runs.py).
    const { entity, project, runName } = variables;
    const known =
      entity === 'ml-team' && project === 'finetune' && runName === 'k3x9p2';
    sendJson(res, 200, {
      data: {
        project: {
          run: known
            ? {
                inputArtifacts: relayPage(
                  [
                    {
                      versionIndex: 4,
                      artifactType: { name: 'dataset' },
                      artifactSequence: { name: 'support_tickets_2026q3' },
                    },
                    {
                      versionIndex: 0,
                      artifactType: { name: 'model' },
                      artifactSequence: { name: 'llama-3.1-8b-instruct' },
                    },
                    {
                      versionIndex: 1,
                      artifactType: { name: 'dataset' },
                      artifactSequence: { name: 'support-holdout-2026q3' },
                    },
                  ],
                  variables.cursor,
                ),
              }
            : null,
        },
      },
    });
  } else if (variables.organization !== 'acme') {
    sendJson(res, 200, { data: { organization: null } });
  } else if (/^query FetchRegistries/.test(query)) {
    sendJson(res, 200, {
      data: {
        organization: {
          orgEntity: { projects: relayPage(registries, variables.cursor) },
        },
      },
    });
  } else if (/^query RegistryVersions/.test(query)) {
    const { name } = JSON.parse(variables.registryFilter);
    sendJson(res, 200, {
      data: {
        organization: {
          orgEntity: {
            name: 'acme-org',
            artifactMemberships: relayPage(
              name === 'wandb-registry-model' ? memberships : [],
              variables.cursor,
            ),
          },
        },
      },
    });
  } else {
    sendJson(res, 400, { errors: [{ message: 'unknown query' }] });
  }
};

describe('WandbEntityProvider', () => {
  let server: Server;
  let handler: Handler;
  let baseUrl: string;
  const requests: any[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', chunk => (text += chunk));
      req.on('end', () => {
        const body = JSON.parse(text || '{}');
        requests.push({ path: req.url, ...body });
        handler(req, res, body);
      });
    });
    baseUrl = await listenOnLoopback(server);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  });

  beforeEach(() => {
    handler = wandbApi;
    requests.length = 0;
  });

  function setup(
    options: { registries?: string[]; organization?: string } = {},
  ) {
    const logger = mockServices.logger.mock();
    const provider = new WandbEntityProvider({
      id: 'acme',
      client: new WandbRegistryClient({
        baseUrl,
        apiKey: KEY,
        organization: options.organization ?? 'acme',
        timeoutMs: 2000,
      }),
      registries: options.registries,
      mapping: {
        registryId: 'acme',
        appUrl: 'https://wandb.ai',
        artifactTypes: ['model'],
        defaults: { owner: 'group:default/ml-platform' },
      },
      logger,
    });
    return { provider, connection: mockConnection(), logger };
  }

  it('reads every page of every registry and maps each model collection to an AIModel', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);
    expect(await provider.refresh()).toBe(true);

    // Both registries; the model registry's versions over three pages.
    const versionPages = requests.filter(r =>
      r.query.startsWith('query RegistryVersions'),
    );
    expect(requests.every(r => r.path === '/graphql')).toBe(true);
    expect(
      versionPages.map(r => [
        JSON.parse(r.variables.registryFilter).name,
        r.variables.cursor,
      ]),
    ).toEqual([
      ['wandb-registry-model', null],
      ['wandb-registry-model', '2'],
      ['wandb-registry-model', '4'],
      ['wandb-registry-dataset', null],
    ]);

    const entities = entitiesOf(connection);
    // The dataset collection is not a model.
    expect(entities.map((e: any) => e.metadata.name)).toEqual(['support-llm']);
    const [llm] = entities;
    expect(llm.metadata).toMatchObject({
      title: 'support-llm',
      description: 'Support fine-tune of Llama 3.1 8B',
      annotations: {
        'ai-refarch.io/registry-source': 'wandb:acme',
        'backstage.io/managed-by-location':
          'url:https://wandb.ai/registry/model',
      },
      links: [
        { url: 'https://wandb.ai/registry/model', title: 'W&B Registry' },
        {
          url: 'https://wandb.ai/ml-team/finetune/runs/k3x9p2',
          title: 'W&B run',
        },
      ],
    });
    expect(llm.spec).toEqual({
      type: 'llm',
      lifecycle: 'experimental',
      owner: 'group:default/applied-ml',
      provider: 'self-hosted',
      dataClassification: 'internal',
      parameters: 8030000000,
      // The `latest` version; the deleted v3 is passed over.
      version: 'v2',
      aliases: ['production'],
      rollbackVersion: 'v1',
      // v1's own artifact and the digest its metadata records.
      rollbackArtifact: {
        uri: 'wandb-artifact:///acme-org/wandb-registry-model/support-llm:v1',
        digest: `sha256:${'b'.repeat(64)}`,
      },
      registry: {
        type: 'wandb',
        name: 'model/support-llm',
        version: 'v2',
        url: 'https://wandb.ai/registry/model',
      },
      baseModel: {
        ref: 'aimodel:default/llama-3-1-8b-instruct',
        relation: 'adapter',
      },
      artifact: {
        uri: 'wandb-artifact:///acme-org/wandb-registry-model/support-llm:v2',
        digest: `sha256:${'c'.repeat(64)}`,
        // The W&B run that logged it.
        runId: 'ml-team/finetune/k3x9p2',
      },
      // The datasets that run used (its input artifacts of type dataset,
      // over two pages), not the base model's weights.
      datasets: [
        'resource:default/support-tickets-2026q3',
        'resource:default/support-holdout-2026q3',
      ],
      // Numeric metadata named as an evaluation, linked to the run.
      evaluations: [
        {
          tool: 'wandb',
          dataset: 'support-holdout-2026q3',
          metric: 'eval/accuracy',
          value: 0.88,
          date: '2026-11-10',
          runUrl: 'https://wandb.ai/ml-team/finetune/runs/k3x9p2',
        },
      ],
    });

    await expect(aiModelEntityV1alpha1Validator.check(llm)).resolves.toBe(true);
  });

  it('keeps a model whose run cannot be read, without datasets, and says so', async () => {
    const { provider, connection, logger } = setup();
    handler = (req, res, body) =>
      /^query RunInputArtifacts/.test(body.query)
        ? sendJson(res, 200, { data: { project: { run: null } } })
        : wandbApi(req, res, body);
    await provider.connect(connection);
    expect(await provider.refresh()).toBe(true);
    const [llm] = entitiesOf(connection);
    expect(llm.spec.datasets).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'W&B: the datasets of support-llm are not known: W&B run ml-team/finetune/k3x9p2 not found, or not visible with this API key',
    );
  });

  it('reads only the registries configured', async () => {
    const { provider, connection } = setup({ registries: ['dataset'] });
    await provider.connect(connection);
    await provider.refresh();
    expect(entitiesOf(connection)).toEqual([]);
    expect(
      requests
        .filter(r => r.query.startsWith('query RegistryVersions'))
        .map(r => JSON.parse(r.variables.registryFilter).name),
    ).toEqual(['wandb-registry-dataset']);
  });

  it.each([
    [
      'a refused API key',
      ((req, res, body) => {
        req.headers.authorization = 'Basic bm9wZQ==';
        wandbApi(req, res, body);
      }) as Handler,
      /401/,
    ],
    [
      'a GraphQL error',
      ((_req, res) =>
        sendJson(res, 200, {
          errors: [{ message: 'permission denied', path: ['organization'] }],
          data: { organization: null },
        })) as Handler,
      /W&B GraphQL: permission denied/,
    ],
    [
      'an organization it cannot see',
      ((req, res, body) =>
        wandbApi(req, res, {
          ...body,
          variables: { ...body.variables, organization: 'other' },
        })) as Handler,
      /W&B organization acme not found/,
    ],
  ])(
    'keeps the last good entities after %s, and recovers on the next run',
    async (_case, failing, error) => {
      await expectLastGoodKept({
        ...setup(),
        fail: () => (handler = failing),
        recover: () => (handler = wandbApi),
        registry: 'the W&B Registry',
        error,
      });
    },
  );

  it('reads its organizations from config, and refuses one without the organization', () => {
    const deps = {
      logger: mockServices.logger.mock(),
      scheduler: mockServices.scheduler.mock(),
    };
    const config = (entry: object) =>
      new ConfigReader({
        catalog: {
          providers: {
            aiModelWandb: {
              acme: {
                baseUrl: 'https://api.wandb.ai',
                token: KEY,
                schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
                defaults: { owner: 'group:default/ml-platform' },
                ...entry,
              },
            },
          },
        },
      });
    expect(
      WandbEntityProvider.fromConfig(
        config({ organization: 'acme' }),
        deps,
      ).map(p => p.getProviderName()),
    ).toEqual(['AIModelWandbProvider:acme']);
    expect(() => WandbEntityProvider.fromConfig(config({}), deps)).toThrow(
      /catalog\.providers\.aiModelWandb\.acme\.organization/,
    );
  });
});
