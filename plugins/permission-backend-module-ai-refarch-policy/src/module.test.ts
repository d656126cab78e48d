import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
// The test runs the policy against the plugin whose permissions it decides.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import aiScorecardPlugin from '@ai-refarch/plugin-ai-scorecard-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { permissionModuleAiRefarchPolicy } from './module';

/*
 * The whole path a waiver takes in a real back end: the scorecard asks the
 * permission back end, whose policy (this module) answers "if the caller
 * owns the entity", which the catalog decides on the entity's ownedBy
 * relation. Users own what they are named owner of (the test user-info
 * service gives each user only their own ref).
 */
const service = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `url:https://git.example.com/${name}`,
      'backstage.io/managed-by-origin-location': `url:https://git.example.com/${name}`,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

/**
 * The test back end's auth, except that a plugin's request on behalf of a
 * user carries the user with that plugin as actor, as Backstage's own auth
 * service issues it (the mock's token drops the actor, and the permission
 * back end then refuses the catalog's own checks as direct user requests).
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const mock = mockServices.auth({ pluginId: plugin.getId() });
    return Object.assign(Object.create(mock), {
      async getPluginRequestToken(options: {
        onBehalfOf: BackstageCredentials;
        targetPluginId: string;
      }) {
        const principal = options.onBehalfOf.principal as
          | BackstageUserPrincipal
          | { type: 'service' | 'none' };
        if (principal.type === 'user') {
          const claims = {
            sub: principal.userEntityRef,
            actor: { subject: `plugin:${plugin.getId()}` },
          };
          return { token: `mock-user-token:${JSON.stringify(claims)}` };
        }
        return mock.getPluginRequestToken(options);
      },
    });
  },
});

const testEntities = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-entities',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider({
          getProviderName: () => 'test-entities',
          connect: async connection =>
            connection.applyMutation({
              type: 'full',
              entities: [
                service('chat', 'user:default/alice'),
                service('search', 'user:default/bob'),
              ].map(entity => ({ entity, locationKey: 'test-entities' })),
            }),
        });
      },
    });
  },
});

describe('the suite permission policy in a back end', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let base: string;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleAiRefarchPolicy,
        catalogPlugin,
        testEntities,
        aiScorecardPlugin,
        authWithActors,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            aiRefarch: { permissions: { admins: ['user:default/carol'] } },
            aiScorecard: {
              schedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 5 },
                initialDelay: { hours: 1 },
              },
              catalogChanges: { enabled: false },
            },
          },
        }),
      ],
    });
    base = `http://localhost:${backend.server.port()}/api`;
    // The catalog processes the provider's entities in the background.
    for (let i = 0; i < 100; i++) {
      const res = await fetch(
        `${base}/catalog/entities/by-name/component/default/search`,
        { headers: { authorization: mockCredentials.user.header() } },
      );
      if (res.ok && (await res.json()).relations?.length) break;
      await new Promise(r => setTimeout(r, 200));
    }
  }, 60_000);

  afterAll(() => backend?.stop());

  const waive = (user: string, entityRef: string, ruleId: string) =>
    fetch(`${base}/ai-scorecard/waivers`, {
      method: 'POST',
      headers: {
        authorization: mockCredentials.user.header(user),
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        entityRef,
        ruleId,
        reason: 'Runbook moves to the repository in Q1, OPS-1234',
        expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      }),
    });
  const waivers = async (entityRef: string) =>
    (
      await (
        await fetch(
          `${base}/ai-scorecard/waivers?entityRef=${encodeURIComponent(
            entityRef,
          )}`,
          { headers: { authorization: mockCredentials.user.header() } },
        )
      ).json()
    ).items;

  it('lets an owner waive a rule of their entity and refuses anyone else, changing nothing', async () => {
    const denied = await waive(
      'user:default/alice',
      'component:default/search',
      'on-call-incidents.runbook',
    );
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.message).toBe(
      'You may not create waivers of component:default/search',
    );
    expect(await waivers('component:default/search')).toEqual([]);

    const created = await waive(
      'user:default/bob',
      'component:default/search',
      'on-call-incidents.runbook',
    );
    expect(created.status).toBe(201);
    const { waiver } = await created.json();
    expect(waiver).toMatchObject({ author: 'user:default/bob' });

    // Removing it is the owners' too.
    const remove = (user: string) =>
      fetch(`${base}/ai-scorecard/waivers/${waiver.id}`, {
        method: 'DELETE',
        headers: { authorization: mockCredentials.user.header(user) },
      });
    expect((await remove('user:default/alice')).status).toBe(403);
    expect(await waivers('component:default/search')).toHaveLength(1);
    expect((await remove('user:default/bob')).status).toBe(200);
    expect(await waivers('component:default/search')).toEqual([]);
  });

  it('lets an admin waive for any entity', async () => {
    const created = await waive(
      'user:default/carol',
      'component:default/chat',
      'on-call-incidents.runbook',
    );
    expect(created.status).toBe(201);
  });
});
