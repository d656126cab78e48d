import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AiRefarchPermissionPolicy, readAdmins } from './policy';

/**
 * The AI Reference Architecture suite's permission policy for the
 * permission back end (instead of an allow-all policy).
 *
 * @public
 */
export const permissionModuleAiRefarchPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ai-refarch-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        const admins = readAdmins(config);
        logger.info(
          admins.length
            ? `Admins (every permission): ${admins.join(', ')}`
            : 'No admins in aiRefarch.permissions.admins: waivers and entity removal are for owners only, location removal for nobody',
        );
        policy.setPolicy(new AiRefarchPermissionPolicy({ admins, userInfo }));
      },
    });
  },
});
