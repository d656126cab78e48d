import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The real ai-ops back end answers the collector in this test.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import aiOpsPlugin from '@ai-refarch/plugin-ai-ops-backend';
import { PrometheusFactCollector } from './PrometheusFactCollector';

// The ai-ops back end runs for real here; its Prometheus data sources are
// faults (nothing listening, not Prometheus). Correct figures against a
// real Prometheus are checked in scripts/prometheus.integration.ts.

const slos = [
  {
    name: 'availability',
    indicator: { type: 'availability' },
    timeWindow: [{ duration: '28d', isRolling: true }],
    objectives: [{ target: 0.995 }],
  },
];

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'chat',
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': 'chat',
        'ai-refarch.io/runtime': 'vllm',
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/ml',
      slos,
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'website', namespace: 'default' },
    spec: {
      type: 'website',
      lifecycle: 'production',
      owner: 'group:default/web',
    },
  },
];

const pipeline = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': name,
      'ai-refarch.io/schedule': '0 2 * * *',
    },
    tags: ['rag'],
  },
  spec: { type: 'data-pipeline', lifecycle: 'production', owner: 'ml' },
});

/** The RAG pipelines the catalog holds besides `entities`. */
const PIPELINES = ['docs-ingest', 'stale-ingest', 'never-ran-ingest'];

let garbage: Server;
let prometheus: Server;
beforeAll(async () => {
  garbage = createServer((_req, res) =>
    res.end('<html>502 Bad Gateway</html>'),
  );
  prometheus = rulesServer();
  for (const server of [garbage, prometheus]) {
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  }
});
afterAll(() => {
  garbage.close();
  prometheus.close();
});

async function collectorWith(aiOps: object | undefined) {
  const backend = await startTestBackend({
    features: [
      aiOpsPlugin,
      catalogServiceMock.factory({
        entities: [...entities, ...PIPELINES.map(pipeline)],
      }),
      mockServices.rootConfig.factory({ data: aiOps ? { aiOps } : {} }),
    ],
  });
  const baseUrl = `http://localhost:${backend.server.port()}/api/ai-ops`;
  const collector = new PrometheusFactCollector({
    discovery: {
      getBaseUrl: async () => baseUrl,
      getExternalBaseUrl: async () => baseUrl,
    },
    auth: mockServices.auth(),
  });
  return { backend, collector };
}

/** A collector whose ai-ops back end reads `server` as data source main. */
const collectorReading = (server: Server) =>
  collectorWith({
    prometheus: {
      sources: {
        main: {
          baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        },
      },
    },
  });

/**
 * A loopback server answering as Prometheus 2.42 does (the shapes of
 * /api/v1/rules and of an empty /api/v1/query in the HTTP API docs): the
 * chat service's two burn-rate alerts, one of them failing to evaluate.
 */
function rulesServer(): Server {
  return createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/api/v1/rules')) {
      const rule = (name: string, severity: string, health: string) => ({
        state: 'inactive',
        name,
        query: 'vector(0) > 1',
        duration: 120,
        labels: { service: 'chat', severity },
        annotations: {},
        alerts: [],
        health,
        ...(health === 'err'
          ? { lastError: 'many-to-many matching not allowed' }
          : {}),
        evaluationTime: 0.0001,
        lastEvaluation: '2026-12-05T10:00:00Z',
        type: 'alerting',
      });
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            groups: [
              {
                name: 'slo-chat-availability-alerts',
                file: '/etc/prometheus/rules/chat.yaml',
                rules: [
                  rule('SLOErrorBudgetBurnFast', 'page', 'ok'),
                  rule('SLOErrorBudgetBurnSlow', 'ticket', 'err'),
                ],
                interval: 30,
              },
            ],
          },
        }),
      );
      return;
    }
    // Queries come as form bodies: the ingestion pipelines' last pushes.
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      const query = new URLSearchParams(body).get('query') ?? '';
      const now = Date.now() / 1000;
      const hoursAgo: Record<string, number> = {
        'docs-ingest': 2,
        'stale-ingest': 100,
      };
      const job = /job="([^"]+)"/.exec(query)?.[1] ?? '';
      const pushed = job in hoursAgo ? now - hoursAgo[job] * 3600 : undefined;
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'vector',
            result:
              pushed === undefined
                ? []
                : [{ metric: {}, value: [now, String(pushed)] }],
          },
        }),
      );
    });
  });
}

/** A model server's four facts, each unknown with a reason like `reason`. */
function expectAllUnknown(facts: Record<string, unknown>, reason: RegExp) {
  for (const fact of [
    'prometheus.slo',
    'prometheus.metrics',
    'prometheus.gpu',
    'prometheus.alerting',
  ]) {
    expect(facts[fact]).toMatchObject({
      unknown: expect.stringMatching(reason),
    });
  }
}

describe('PrometheusFactCollector', () => {
  it('counts the alerting rules Prometheus has loaded for a model server, and names those that fail to evaluate', async () => {
    const { backend, collector } = await collectorReading(prometheus);
    const chat = (await collector.collect(entities)).get(
      'component:default/chat',
    )!;
    expect(chat['prometheus.alerting']).toMatchObject({
      value: {
        pageAlerts: 1,
        ticketAlerts: 1,
        failing: [
          'slo-chat-availability-alerts/SLOErrorBudgetBurnSlow: many-to-many matching not allowed',
        ],
        firing: [],
      },
      source: 'prometheus:main',
    });
    await backend.stop();
  });

  it("reads how old a RAG pipeline's index is from the time its ingestion job pushed, or says the series is missing", async () => {
    const { backend, collector } = await collectorReading(prometheus);
    const freshness = async (name: string) =>
      (await collector.collect([pipeline(name)])).get(
        `component:default/${name}`,
      )!['prometheus.freshness'] as any;
    expect((await freshness('docs-ingest')).value.ageHours).toBeCloseTo(2, 1);
    expect((await freshness('stale-ingest')).value.ageHours).toBeCloseTo(
      100,
      1,
    );
    expect((await freshness('never-ran-ingest')).unknown).toBe(
      'main has no rag_ingest_last_success_timestamp_seconds{job="never-ran-ingest"}: the ingestion job pushes it to the Pushgateway (PUSHGATEWAY_URL) after each successful run',
    );
    await backend.stop();
  });

  it('says what to configure when ai-ops has no Prometheus, and reads nothing for entities without SLOs or serving annotations', async () => {
    const { backend, collector } = await collectorWith(undefined);
    const facts = await collector.collect(entities);
    const chat = facts.get('component:default/chat')!;
    expect(chat['prometheus.slo']).toMatchObject({
      unknown: expect.stringMatching(/aiOps\.prometheus/),
    });
    expect(chat['prometheus.metrics']).toMatchObject({
      unknown: expect.stringMatching(/aiOps\.prometheus/),
    });
    expect(chat['prometheus.gpu']).toMatchObject({
      unknown: expect.stringMatching(/aiOps\.prometheus/),
    });
    expect(chat['prometheus.alerting']).toMatchObject({
      unknown: expect.stringMatching(/aiOps\.prometheus/),
    });
    expect(facts.get('component:default/website')).toEqual({
      'prometheus.slo': expect.objectContaining({
        unknown: 'the entity declares no SLOs (spec.slos)',
      }),
    });
    await backend.stop();
  });

  it('makes the facts unknown with the reason when Prometheus is down or is not Prometheus', async () => {
    const { backend, collector } = await collectorReading(garbage);
    const chat = (await collector.collect(entities)).get(
      'component:default/chat',
    )!;
    expectAllUnknown(
      chat,
      /Prometheus data source main \(http:\/\/127\.0\.0\.1:\d+\) answered HTTP 200 with something that is not the Prometheus API$/,
    );
    await backend.stop();
  });

  it('makes every fact of the page unknown with the ai-ops back end’s answer when it refuses the request', async () => {
    const refusing = createServer((_req, res) => {
      res.statusCode = 403;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'not allowed' },
          response: { statusCode: 403 },
        }),
      );
    });
    await new Promise<void>(r => refusing.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${
      (refusing.address() as AddressInfo).port
    }/api/ai-ops`;
    const collector = new PrometheusFactCollector({
      discovery: {
        getBaseUrl: async () => base,
        getExternalBaseUrl: async () => base,
      },
      auth: mockServices.auth(),
    });
    const chat = (await collector.collect(entities)).get(
      'component:default/chat',
    )!;
    refusing.close();
    expect(chat['prometheus.slo']).toMatchObject({
      unknown: 'ai-ops answered 403: not allowed',
    });
    expect(chat['prometheus.gpu']).toMatchObject({
      unknown: 'ai-ops answered 403: not allowed',
    });
  });

  it('makes every fact of the page unknown, with the reason, when the ai-ops back end cannot be reached', async () => {
    const collector = new PrometheusFactCollector({
      discovery: {
        getBaseUrl: async () => 'http://127.0.0.1:9/api/ai-ops',
        getExternalBaseUrl: async () => 'http://127.0.0.1:9/api/ai-ops',
      },
      auth: mockServices.auth(),
    });
    const chat = (await collector.collect(entities)).get(
      'component:default/chat',
    )!;
    expectAllUnknown(chat, /^could not reach the ai-ops back end: /);
  });
});
