import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { aiOpsPlugin } from './plugin';

/*
 * The ai-ops HTTP API in a test back end: what it refuses, naming the
 * parameter, and what it answers for an entity whose Prometheus holds no
 * series. The Prometheus is a loopback server answering the HTTP API's JSON
 * for an empty result (what a real one answers when nothing matches).
 */

describe('ai-ops router', () => {
  jest.setTimeout(60_000);
  let prometheus: Server;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let base: string;
  const asked: string[] = [];

  beforeAll(async () => {
    prometheus = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        // Queries are POSTed as forms, as the HTTP API allows.
        asked.push(
          `${req.url} ${new URLSearchParams(body).get('query') ?? ''}`,
        );
        const url = new URL(req.url!, 'http://prometheus');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            url.pathname === '/api/v1/rules'
              ? { status: 'success', data: { groups: [] } }
              : {
                  status: 'success',
                  data: {
                    resultType: url.pathname.endsWith('query_range')
                      ? 'matrix'
                      : 'vector',
                    result: [],
                  },
                },
          ),
        );
      });
    });
    await new Promise<void>(r => prometheus.listen(0, '127.0.0.1', r));
    const port = (prometheus.address() as AddressInfo).port;
    backend = await startTestBackend({
      features: [
        aiOpsPlugin,
        mockServices.rootConfig.factory({
          data: {
            aiOps: {
              prometheus: {
                default: 'main',
                sources: { main: { baseUrl: `http://127.0.0.1:${port}` } },
              },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'chat',
                namespace: 'default',
                annotations: {
                  'backstage.io/kubernetes-id': 'chat',
                  'ai-refarch.io/runtime': 'vllm',
                  'ai-refarch.io/monthly-budget': '1000',
                },
              },
              spec: {
                type: 'service',
                slos: [
                  {
                    name: 'availability',
                    indicator: { type: 'availability' },
                    timeWindow: [{ duration: '28d', isRolling: true }],
                    objectives: [{ target: 0.999 }],
                  },
                ],
              },
            },
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: { name: 'ml-platform', namespace: 'default' },
              spec: { type: 'team', children: [] },
            },
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: { name: 'web', namespace: 'default' },
              spec: { type: 'team', children: [] },
            },
            {
              apiVersion: 'ai-refarch.io/v1alpha1',
              kind: 'AIModel',
              metadata: {
                name: 'llama',
                namespace: 'default',
                title: 'Llama 3.1 8B',
              },
              spec: {
                type: 'llm',
                owner: 'group:default/ml-platform',
                serving: { runtime: 'vllm' },
              },
              relations: [
                { type: 'ownedBy', targetRef: 'group:default/ml-platform' },
              ],
            },
          ],
        }),
      ],
    });
    base = `http://localhost:${backend.server.port()}/api/ai-ops`;
  });
  afterAll(async () => {
    await backend?.stop();
    await new Promise(r => prometheus.close(r));
  });

  const call = async (path: string, authorized = true) => {
    const res = await fetch(`${base}${path}`, {
      headers: {
        authorization: authorized
          ? mockCredentials.user.header()
          : mockCredentials.user.invalidHeader(),
      },
    });
    return { status: res.status, body: await res.json() };
  };

  it.each([
    ['/cost/component/default/chat?days=14', 'query days: must be 7, 28 or 30'],
    [
      '/cost/component/default/chat?window=2d',
      'query window: must be one of 1h, 1d, 7d, 28d, 30d, month',
    ],
    [
      '/cost/component/default/chat?window=7d&days=7',
      'query window: give window or days, not both',
    ],
    ['/cost/component/default/chat?since=7d', 'unknown query parameter since'],
    [
      '/slo/component/default/chat?window=90d',
      'query window: must be one of 1h, 1d, 7d, 28d, 30d, month',
    ],
    [
      '/slo/component/default/chat?at=yesterday',
      'query at: must be an ISO 8601 date and time',
    ],
    [
      '/slo/component/default/chat?at=2999-01-01T00:00:00Z',
      'query at: must not be in the future',
    ],
    ['/slo/comp%20onent/default/chat', 'path kind: must be an entity kind'],
    ['/freshness/component/default/chat?x=1', 'unknown query parameter x'],
  ])('refuses %s, naming the parameter', async (path, message) => {
    const { status, body } = await call(path);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ name: 'InputError', message });
  });

  it('refuses a caller with bad credentials, and names an entity the catalog does not have', async () => {
    expect((await call('/slo/component/default/chat', false)).status).toBe(401);
    const missing = await call('/slo/component/default/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'component:default/nope is not in the catalog',
    );
  });

  it('answers an entity whose series Prometheus does not have as no data, not as zero', async () => {
    asked.length = 0;
    const cost = await call('/cost/component/default/chat?days=7');
    expect(cost.status).toBe(200);
    expect(cost.body).toEqual({
      status: 'no-data',
      entityRef: 'component:default/chat',
      message:
        'main has no GPU, token or hosted-API series for this entity in the last 7 days. Its pods are found by the pod label backstage.io/kubernetes-id (chat), its serving metrics by service="chat".',
    });
    // The queries went to the configured Prometheus, over the window asked for.
    expect(asked.some(u => u.startsWith('/api/v1/query'))).toBe(true);
    asked.length = 0;
    const hour = await call('/cost/component/default/chat?window=1h');
    expect(hour.body.message).toContain('in the last hour');
    // The hour, in one query or split at midnight.
    const ranges = [
      ...asked
        .join('\n')
        .matchAll(
          /increase\(vllm:prompt_tokens_total\{service="chat"\}\[(\d+)s\]/g,
        ),
    ].map(m => Number(m[1]));
    expect(ranges.reduce((a, b) => a + b, 0)).toBe(3600);
    expect(
      (await call('/cost/component/default/chat?window=month')).body.message,
    ).toContain('since the 1st of the month');
    const slo = await call('/slo/component/default/chat');
    expect(slo.status).toBe(200);
    expect(slo.body.slos[0]).toMatchObject({
      name: 'availability',
      status: 'no-data',
      attainment: null,
      errorBudgetRemaining: null,
      good: 0,
      total: 0,
    });
    expect(slo.body.slos[0].alerts.every((a: any) => !a.firing)).toBe(true);
  });

  it('answers a team with the cost of the AI models it owns, unknown rather than $0 without data', async () => {
    const team = await call('/team-cost/default/ml-platform?window=7d');
    expect(team.status).toBe(200);
    expect(team.body).toMatchObject({
      status: 'ok',
      entityRef: 'group:default/ml-platform',
      cost: {
        window: '7d',
        complete: false,
        total: 0,
        models: [
          {
            entityRef: 'aimodel:default/llama',
            title: 'Llama 3.1 8B',
            // Nothing serves it: its $0 is not its whole cost.
            status: 'incomplete',
            message:
              'no Component in the catalog serves aimodel:default/llama (ai-refarch.io/serves-models), so there is no GPU cost to share out',
            cost: 0,
          },
        ],
        withinSlo: [],
      },
    });
    expect(await call('/team-cost/default/web')).toEqual({
      status: 200,
      body: {
        status: 'no-models',
        entityRef: 'group:default/web',
        message:
          'group:default/web owns no AIModel in the catalog (spec.owner of an AIModel names its team)',
      },
    });
    const missing = await call('/team-cost/default/nobody');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'group:default/nobody is not in the catalog',
    );
    const bad = await call('/team-cost/default/ml-platform?window=2d');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'query window: must be one of 1h, 1d, 7d, 28d, 30d, month',
    );
    const badName = await call('/team-cost/default/ml%20platform');
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toBe(
      'path name: must be an entity name',
    );
  });
});
