import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Rolling a serving service back to its model's previous version: the
 * `ai-refarch:model-rollback` action opens a change in the service's
 * repository that pins `spec.rollbackVersion` and its weights digest. A
 * permission on the serving Component (the catalog's `catalog-entity`
 * resource type), so a policy can decide it with the catalog's rules; the
 * suite's policy module allows the service's owners and the admins.
 *
 * @public
 */
export const aiModelRollbackPermission = createPermission({
  name: 'ai-model.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
