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
// real Prometheus are checked in scripts/prometheus.integration.mjs.

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

let garbage: Server;
beforeAll(async () => {
  garbage = createServer((_req, res) =>
    res.end('<html>502 Bad Gateway</html>'),
  );
  await new Promise<void>(r => garbage.listen(0, '127.0.0.1', r));
});
afterAll(() => garbage.close());

async function collectorWith(aiOps: object | undefined) {
  const backend = await startTestBackend({
    features: [
      aiOpsPlugin,
      catalogServiceMock.factory({ entities }),
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

describe('PrometheusFactCollector', () => {
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
    expect(facts.get('component:default/website')).toEqual({
      'prometheus.slo': expect.objectContaining({
        unknown: 'the entity declares no SLOs (spec.slos)',
      }),
    });
    await backend.stop();
  });

  it('makes the facts unknown with the reason when Prometheus is down or is not Prometheus', async () => {
    const { backend, collector } = await collectorWith({
      prometheus: {
        sources: {
          main: {
            baseUrl: `http://127.0.0.1:${
              (garbage.address() as AddressInfo).port
            }`,
          },
        },
      },
    });
    const chat = (await collector.collect(entities)).get(
      'component:default/chat',
    )!;
    for (const fact of [
      'prometheus.slo',
      'prometheus.metrics',
      'prometheus.gpu',
    ]) {
      expect(chat[fact]).toMatchObject({
        unknown: expect.stringMatching(/^ai-ops answered 503: .*main/),
      });
    }
    await backend.stop();
  });
});
