import { createPermission } from '@backstage/plugin-permission-common';

/** Creating a waiver: an exception to one rule for one entity. @public */
export const aiScorecardWaiverCreatePermission = createPermission({
  name: 'ai-scorecard.waiver.create',
  attributes: { action: 'create' },
});

/** Removing a waiver before it expires. @public */
export const aiScorecardWaiverDeletePermission = createPermission({
  name: 'ai-scorecard.waiver.delete',
  attributes: { action: 'delete' },
});

/** @public */
export const aiScorecardPermissions = [
  aiScorecardWaiverCreatePermission,
  aiScorecardWaiverDeletePermission,
];
