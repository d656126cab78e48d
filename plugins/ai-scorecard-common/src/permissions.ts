import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Creating a waiver: an exception to one rule for one entity. A permission
 * on the waived entity (the catalog's `catalog-entity` resource type), so a
 * policy can decide it with the catalog's rules, e.g. `isEntityOwner`.
 *
 * @public
 */
export const aiScorecardWaiverCreatePermission = createPermission({
  name: 'ai-scorecard.waiver.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Removing a waiver before it expires; a permission on the waived entity. @public */
export const aiScorecardWaiverDeletePermission = createPermission({
  name: 'ai-scorecard.waiver.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const aiScorecardPermissions = [
  aiScorecardWaiverCreatePermission,
  aiScorecardWaiverDeletePermission,
];
