import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { resourceEntityV1alpha1Validator } from '@backstage/catalog-model';
import { sendJson } from '@internal/test-kit';
import { FeastEntityProvider } from './FeastEntityProvider';
import { FeastRegistryClient } from './FeastRegistryClient';
import {
  entitiesOf,
  expectLastGoodKept,
  mockConnection,
  loopbackRegistry,
  RegistryAnswer,
} from '../registry/__testUtils__/registryProviderTests';

/*
 * No Feast registry server can be installed on the build machines, so these
 * tests run the provider against a loopback HTTP server answering with the
 * JSON of Feast's registry REST API (feast-dev/feast,
 * sdk/python/feast/api/registry/rest/): paths under /api/v1, protobuf
 * messages as MessageToDict writes them (lowerCamelCase, "86400s"
 * durations, empty fields left out), each view with its "type", pages of at
 * most `limit` with a pagination object whose hasNext is absent on the last
 * page, and errors as { status_code, detail, error_type }.
 */

const featureViews = [
  {
    type: 'featureView',
    spec: {
      name: 'transaction_stats',
      entities: ['card'],
      features: [
        { name: 'txn_count_1h', valueType: 'INT64' },
        { name: 'amount_sum_24h', valueType: 'DOUBLE' },
      ],
      tags: { team: 'risk' },
      ttl: '86400s',
      batchSource: { type: 'BATCH_FILE', name: 'transactions_source' },
      online: true,
      description: 'Card transaction aggregates',
      owner: 'risk-data@acme.io',
    },
    meta: {
      createdTimestamp: '2026-06-01T12:00:00.123456Z',
      lastUpdatedTimestamp: '2026-11-02T08:30:00Z',
    },
  },
  {
    type: 'onDemandFeatureView',
    spec: {
      name: 'amount_zscore',
      features: [{ name: 'amount_zscore', valueType: 'DOUBLE' }],
      mode: 'pandas',
    },
  },
  {
    type: 'streamFeatureView',
    spec: { name: 'merchant_velocity', entities: ['merchant'] },
  },
];

const featureServices = [
  {
    spec: {
      name: 'fraud_scoring',
      features: [
        {
          featureViewName: 'transaction_stats',
          featureColumns: [{ name: 'txn_count_1h', valueType: 'INT64' }],
        },
        {
          featureViewName: 'amount_zscore',
          featureColumns: [{ name: 'amount_zscore', valueType: 'DOUBLE' }],
        },
      ],
      description: 'What the fraud scorer reads online',
      owner: 'risk-data@acme.io',
    },
  },
];

/** Serves `items` `limit` at a time, with Feast's pagination object. */
function paged(key: string, items: unknown[], url: URL) {
  const page = Number(url.searchParams.get('page'));
  const limit = Math.min(Number(url.searchParams.get('limit')), 2);
  const slice = items.slice((page - 1) * limit, page * limit);
  const totalPages = Math.ceil(items.length / limit);
  return {
    [key]: slice,
    pagination: {
      page,
      limit,
      totalCount: items.length,
      totalPages,
      // MessageToDict leaves out false fields.
      ...(page < totalPages ? { hasNext: true } : {}),
      ...(page > 1 ? { hasPrevious: true } : {}),
    },
  };
}

const feastApi: RegistryAnswer = (req, res, url) => {
  if (req.headers.authorization !== 'Bearer s3cret') {
    sendJson(res, 401, {
      status_code: 401,
      detail: 'Invalid or expired access token',
      error_type: 'HTTPException',
    });
    return;
  }
  if (url.searchParams.get('project') !== 'fraud') {
    sendJson(res, 404, {
      status_code: 404,
      detail: `Project ${url.searchParams.get('project')} does not exist`,
      error_type: 'FeastObjectNotFoundException',
    });
  } else if (url.pathname === '/api/v1/feature_views') {
    sendJson(res, 200, paged('featureViews', featureViews, url));
  } else if (url.pathname === '/api/v1/feature_services') {
    sendJson(res, 200, paged('featureServices', featureServices, url));
  } else {
    sendJson(res, 404, { detail: 'Not Found' });
  }
};

describe('FeastEntityProvider', () => {
  const registry = loopbackRegistry(feastApi);

  function setup(projects = ['fraud']) {
    const client = new FeastRegistryClient({
      baseUrl: registry.baseUrl,
      token: 's3cret',
      timeoutMs: 2000,
    });
    const logger = mockServices.logger.mock();
    const provider = new FeastEntityProvider({
      id: 'main',
      client,
      projects,
      mapping: {
        registryId: 'main',
        url: path => client.url(path),
        uiUrl: 'https://feast.acme.io',
        owner: 'group:default/risk',
        system: 'system:default/fraud',
      },
      logger,
    });
    return { provider, connection: mockConnection(), logger };
  }

  it('reads every page and maps feature views and services to Resources', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);
    expect(await provider.refresh()).toBe(true);
    expect(registry.requests).toEqual(
      expect.arrayContaining([
        '/api/v1/feature_views?project=fraud&page=1&limit=100',
        '/api/v1/feature_views?project=fraud&page=2&limit=100',
        '/api/v1/feature_services?project=fraud&page=1&limit=100',
      ]),
    );
    const entities = entitiesOf(connection);
    expect(
      entities.map((e: any) => `${e.metadata.name} ${e.spec.type}`),
    ).toEqual([
      'fraud.transaction_stats feature-view',
      'fraud.amount_zscore on-demand-feature-view',
      'fraud.merchant_velocity stream-feature-view',
      'fraud.fraud_scoring feature-service',
    ]);
    const [stats, zscore, , service] = entities;
    expect(stats).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'fraud.transaction_stats',
        namespace: 'default',
        title: 'transaction_stats',
        description: 'Card transaction aggregates',
        annotations: {
          'backstage.io/managed-by-location': `url:${registry.baseUrl}/api/v1/feature_views/transaction_stats?project=fraud`,
          'backstage.io/managed-by-origin-location': `url:${registry.baseUrl}/api/v1/feature_views/transaction_stats?project=fraud`,
          'ai-refarch.io/feast-source': 'feast:main',
          'ai-refarch.io/feast-project': 'fraud',
          'ai-refarch.io/feast-owner': 'risk-data@acme.io',
        },
        links: [
          {
            url: 'https://feast.acme.io/p/fraud/feature-view/transaction_stats',
            title: 'Feast UI',
          },
        ],
      },
      spec: {
        type: 'feature-view',
        owner: 'group:default/risk',
        system: 'system:default/fraud',
      },
    });
    // A view without a description is described by its features.
    expect(zscore.metadata.description).toBe('Features: amount_zscore');
    // A service depends on the views it serves.
    expect(service.spec.dependsOn).toEqual([
      'resource:default/fraud.transaction_stats',
      'resource:default/fraud.amount_zscore',
    ]);
    for (const entity of entities) {
      await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(
        true,
      );
    }
  });

  it('reads the views of a Feast 0.50 registry, wrapped in their kind', async () => {
    registry.answer = (req, res, url) => {
      if (url.pathname === '/api/v1/feature_views') {
        sendJson(res, 200, {
          featureViews: featureViews.map(({ type, ...view }) => ({
            [type]: view,
          })),
        });
      } else feastApi(req, res, url);
    };
    const { provider, connection } = setup();
    await provider.connect(connection);
    expect(await provider.refresh()).toBe(true);
    expect(entitiesOf(connection).map((e: any) => e.spec.type)).toEqual([
      'feature-view',
      'on-demand-feature-view',
      'stream-feature-view',
      'feature-service',
    ]);
  });

  it.each([
    [
      'a project the registry does not hold',
      ((req, res, url) => {
        url.searchParams.set('project', 'nope');
        feastApi(req, res, url);
      }) as RegistryAnswer,
      /404/,
    ],
    [
      'an answer without a list',
      ((_req, res) =>
        sendJson(res, 200, { featureViews: {} })) as RegistryAnswer,
      /feature_views answered without a list of featureViews/,
    ],
    [
      'a refused token',
      ((req, res, url) => {
        req.headers.authorization = 'Bearer nope';
        feastApi(req, res, url);
      }) as RegistryAnswer,
      /401/,
    ],
  ])(
    'keeps the last good Resources after %s, and recovers on the next run',
    async (_case, failing, error) => {
      await expectLastGoodKept({
        ...setup(),
        fail: () => (registry.answer = failing),
        recover: () => (registry.answer = feastApi),
        registry: 'the Feast registry',
        holds: 'feature views and services',
        error,
      });
    },
  );

  it('reads its registries from config, and refuses one without projects', () => {
    const scheduler = mockServices.scheduler.mock();
    const config = (extra: object) =>
      new ConfigReader({
        catalog: {
          providers: {
            feast: {
              main: {
                baseUrl: registry.baseUrl,
                schedule: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 3 },
                },
                defaults: { owner: 'group:default/risk' },
                ...extra,
              },
            },
          },
        },
      });
    const deps = { logger: mockServices.logger.mock(), scheduler };
    expect(
      FeastEntityProvider.fromConfig(config({ projects: ['fraud'] }), deps).map(
        p => p.getProviderName(),
      ),
    ).toEqual(['FeastProvider:main']);
    expect(() => FeastEntityProvider.fromConfig(config({}), deps)).toThrow(
      /catalog\.providers\.feast\.main\.projects/,
    );
  });
});
