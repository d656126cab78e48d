import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { ReadableEntities } from './ReadableEntities';

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

function readable(decision: PolicyDecision) {
  const catalog = catalogServiceMock({
    entities: [
      entity('Component', 'chat'),
      entity('AIModel', 'llama'),
      entity('Group', 'ml'),
    ],
  });
  const streamed = jest.spyOn(catalog, 'streamEntities');
  return {
    streamed,
    readable: new ReadableEntities({
      permissions: mockServices.permissions.mock({
        authorizeConditional: async () => [decision as any],
      }),
      catalog,
      kinds: ['Component', 'AIModel'],
    }),
  };
}

describe('ReadableEntities', () => {
  const alice = mockCredentials.user('user:default/alice');

  it('asks the catalog nothing when every read is allowed, and gives nothing when none is', async () => {
    const all = readable({ result: AuthorizeResult.ALLOW });
    expect(await all.readable.of(alice)).toBeUndefined();
    expect(await all.readable.canRead(alice, 'component:default/x')).toBe(true);
    expect(all.streamed).not.toHaveBeenCalled();
    const none = readable({ result: AuthorizeResult.DENY });
    expect(await none.readable.of(alice)).toEqual([]);
    expect(await none.readable.canRead(alice, 'component:default/chat')).toBe(
      false,
    );
  });

  it("lists the graded kinds with the caller's credentials when reads are conditional, once a minute per user", async () => {
    const conditional = readable({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/alice'] },
      },
    });
    expect(await conditional.readable.of(alice)).toEqual([
      'component:default/chat',
      'aimodel:default/llama',
    ]);
    await conditional.readable.canRead(alice, 'component:default/chat');
    expect(conditional.streamed).toHaveBeenCalledTimes(1);
    expect(conditional.streamed.mock.calls[0][1]).toEqual({
      credentials: alice,
    });
    await conditional.readable.of(mockCredentials.user('user:default/bob'));
    expect(conditional.streamed).toHaveBeenCalledTimes(2);
  });
});
