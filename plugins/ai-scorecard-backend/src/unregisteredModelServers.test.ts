import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { UnregisteredModelServer } from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardCollectorsExtensionPoint } from '@ai-refarch/plugin-ai-scorecard-node';
import { aiScorecardPlugin } from './plugin';

const server = (cluster: string, name: string): UnregisteredModelServer => ({
  source: 'test',
  cluster,
  demo: false,
  namespace: 'ml',
  kind: 'Deployment',
  name,
  runtime: 'vllm',
  image: null,
  kubernetesId: null,
  model: null,
});

/** A discovery that finds a server in each of two clusters and cannot read a third. */
const discovery = createBackendModule({
  pluginId: 'ai-scorecard',
  moduleId: 'test-discovery',
  register(reg) {
    reg.registerInit({
      deps: { scorecard: aiScorecardCollectorsExtensionPoint },
      async init({ scorecard }) {
        scorecard.addModelServerDiscovery({
          id: 'test',
          unregistered: async () => ({
            servers: [server('prod-us', 'chat'), server('lab-eu', 'research')],
            unreadable: [
              { cluster: 'staging', reason: 'cluster staging: 403 Forbidden' },
            ],
            readAt: '2026-12-06T10:00:00.000Z',
          }),
        });
      },
    });
  },
});

const cluster = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default' },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
});

/**
 * The servers a caller is shown, under a policy deciding catalog reads as
 * given. A conditional policy is applied by the catalog to the caller's own
 * listing; the catalog here holds what that listing would return.
 */
async function shown(decision: PolicyDecision, readableClusters: Entity[]) {
  const backend = await startTestBackend({
    features: [
      aiScorecardPlugin,
      discovery,
      catalogServiceMock.factory({ entities: readableClusters }),
      mockServices.permissions.mock({
        authorizeConditional: async () => [decision as any],
        authorize: async () => [{ result: AuthorizeResult.ALLOW }],
      }).factory,
    ],
  });
  try {
    const res = await fetch(
      `http://localhost:${backend.server.port()}/api/ai-scorecard/unregistered-model-servers`,
      { headers: { authorization: mockCredentials.user.header() } },
    );
    expect(res.status).toBe(200);
    return await res.json();
  } finally {
    await backend.stop();
  }
}

describe('unregistered model servers and catalog permissions', () => {
  jest.setTimeout(30_000);

  it('shows every server and unsearched cluster when the caller may read every entity', async () => {
    const body = await shown({ result: AuthorizeResult.ALLOW }, []);
    expect(body.servers.map((s: UnregisteredModelServer) => s.name)).toEqual([
      'chat',
      'research',
    ]);
    expect(body.unreadable).toEqual(['cluster staging: 403 Forbidden']);
    expect(body.hidden).toBe(0);
  });

  it('shows only what is in clusters whose Resource entity the caller may read (was: every server to every caller)', async () => {
    const body = await shown(
      {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['group:default/platform'] },
        },
      },
      [cluster('prod-us')],
    );
    expect(body.servers.map((s: UnregisteredModelServer) => s.name)).toEqual([
      'chat',
    ]);
    expect(body.unreadable).toEqual([]);
    // research (lab-eu) and the staging cluster's failure are left out, and counted
    expect(body.hidden).toBe(2);
  });

  it('shows nothing when the caller may read no entity', async () => {
    const body = await shown({ result: AuthorizeResult.DENY }, [
      cluster('prod-us'),
    ]);
    expect(body.servers).toEqual([]);
    expect(body.unreadable).toEqual([]);
    expect(body.hidden).toBe(3);
  });
});
