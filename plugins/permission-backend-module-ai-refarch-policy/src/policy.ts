import { UserInfoService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  aiScorecardWaiverCreatePermission,
  aiScorecardWaiverDeletePermission,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { aiModelRollbackPermission } from '@ai-refarch/plugin-ai-model-common';

/** Permissions on an entity that only its owners (and the admins) hold. */
const OWNERS_ONLY: ResourcePermission<'catalog-entity'>[] = [
  aiScorecardWaiverCreatePermission,
  aiScorecardWaiverDeletePermission,
  aiModelRollbackPermission,
  catalogEntityDeletePermission,
];

/**
 * Reads `aiRefarch.permissions.admins`: user or group refs, checked.
 *
 * @public
 */
export function readAdmins(config: Config): string[] {
  return (
    config.getOptionalStringArray('aiRefarch.permissions.admins') ?? []
  ).map((ref, i) => {
    try {
      const parsed = parseEntityRef(ref);
      const kind = parsed.kind.toLocaleLowerCase('en-US');
      if (kind !== 'user' && kind !== 'group') {
        throw new Error(`a ${parsed.kind} is neither a user nor a group`);
      }
      return stringifyEntityRef(parsed);
    } catch (error) {
      throw new Error(
        `aiRefarch.permissions.admins[${i}]: "${ref}" is not a user or group reference (${
          (error as Error).message
        })`,
      );
    }
  });
}

/**
 * The suite's permission policy: the admins (users, or members of groups,
 * in `aiRefarch.permissions.admins`) may do everything; an entity's owners,
 * as the catalog's `isEntityOwner` rule decides, may waive its scorecard
 * rules, remove its waivers, roll its model back and unregister it; removing a catalog location
 * (and every entity registered from it) is for admins; everything else is
 * allowed to every signed-in user.
 *
 * @public
 */
export class AiRefarchPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: { admins: string[]; userInfo: UserInfoService },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // The user's own ref and their groups', as the sign-in resolver issued them.
    const claims = user
      ? (await this.options.userInfo.getUserInfo(user.credentials))
          .ownershipEntityRefs
      : [];
    if (claims.some(ref => this.options.admins.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    const ownersOnly = OWNERS_ONLY.find(p =>
      isPermission(request.permission, p),
    );
    if (ownersOnly) {
      if (!user) return { result: AuthorizeResult.DENY };
      return createCatalogConditionalDecision(
        ownersOnly,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    if (isPermission(request.permission, catalogLocationDeletePermission)) {
      return { result: AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
