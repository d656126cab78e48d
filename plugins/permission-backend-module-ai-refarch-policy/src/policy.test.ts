import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  aiScorecardWaiverCreatePermission,
  aiScorecardWaiverDeletePermission,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { aiModelRollbackPermission } from '@ai-refarch/plugin-ai-model-common';
import { AiRefarchPermissionPolicy, readAdmins } from './policy';

function decide(
  permission: Permission,
  userEntityRef: string,
  ownershipEntityRefs = [userEntityRef],
) {
  return new AiRefarchPermissionPolicy({
    admins: ['group:default/platform-admins', 'user:default/carol'],
    userInfo: mockServices.userInfo({ userEntityRef, ownershipEntityRefs }),
  }).handle(
    { permission },
    {
      credentials: mockCredentials.user(userEntityRef),
      info: { userEntityRef, ownershipEntityRefs },
    },
  );
}

describe('AiRefarchPermissionPolicy', () => {
  it('lets only the owners of an entity waive its rules, remove its waivers, roll its model back or unregister it', async () => {
    for (const permission of [
      aiScorecardWaiverCreatePermission,
      aiScorecardWaiverDeletePermission,
      aiModelRollbackPermission,
      catalogEntityDeletePermission,
    ]) {
      expect(
        await decide(permission, 'user:default/bob', [
          'user:default/bob',
          'group:default/ml',
        ]),
      ).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['user:default/bob', 'group:default/ml'] },
        },
      });
    }
  });

  it('gives the admins, by user or by group, every permission', async () => {
    expect(
      await decide(aiScorecardWaiverCreatePermission, 'user:default/carol'),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await decide(catalogLocationDeletePermission, 'user:default/dana', [
        'user:default/dana',
        'group:default/platform-admins',
      ]),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('keeps location removal for the admins and allows the rest', async () => {
    expect(
      await decide(catalogLocationDeletePermission, 'user:default/bob'),
    ).toEqual({ result: AuthorizeResult.DENY });
    for (const permission of [
      catalogEntityReadPermission,
      catalogLocationCreatePermission,
    ]) {
      expect(await decide(permission, 'user:default/bob')).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('reads the admins from config, refusing what is not a user or group', () => {
    expect(
      readAdmins(
        new ConfigReader({
          aiRefarch: {
            permissions: { admins: ['group:platform-admins', 'user:x/carol'] },
          },
        }),
      ),
    ).toEqual(['group:default/platform-admins', 'user:x/carol']);
    expect(() =>
      readAdmins(
        new ConfigReader({
          aiRefarch: { permissions: { admins: ['component:default/x'] } },
        }),
      ),
    ).toThrow(
      'aiRefarch.permissions.admins[0]: "component:default/x" is not a user or group reference (a component is neither a user nor a group)',
    );
    expect(readAdmins(new ConfigReader({}))).toEqual([]);
  });
});
