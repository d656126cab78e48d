import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderTemplatingExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import { encoderFilters } from './encoders/filters';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishLocalAction } from './actions/publishLocal';
import { createPublishTargetAction } from './actions/publishTarget';
import { createGpuSizingAction } from './actions/gpuSizing';
import { createEngineArgsAction } from './actions/engineArgs';
import { createSloRulesAction } from './actions/sloRules';
import { createAIModelEntityAction } from './actions/aiModelEntity';
import { createResolveModelAction } from './actions/resolveModel';
import { createGpuNodePoolsAction } from './actions/gpuNodePools';
import { createRagConfigAction } from './actions/ragConfig';
import { createPromptGuardAction } from './actions/promptGuard';
import { createModelRollbackAction } from './actions/modelRollback';
import { createPublishLocalChangeAction } from './actions/publishLocalChange';
import {
  aiModelRollbackPermission,
  readGpuPrices,
} from '@ai-refarch/plugin-ai-model-common';
import { servingPolicy } from '@ai-refarch/plugin-ai-scorecard-common';
import { loadRuleSet } from '@ai-refarch/plugin-ai-scorecard-node';
import { readServingImages } from './engine/servingImages';

/**
 * Scaffolder actions for the AI Infrastructure Reference Architecture golden
 * paths.
 *
 * @public
 */
export const scaffolderModuleAiRefarch = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ai-refarch',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        templating: scaffolderTemplatingExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        urlReader: coreServices.urlReader,
      },
      async init({
        scaffolder,
        templating,
        config,
        catalog,
        logger,
        permissions,
        permissionsRegistry,
        auditor,
        urlReader,
      }) {
        permissionsRegistry.addPermissions([aiModelRollbackPermission]);
        templating.addTemplateFilters(encoderFilters);
        scaffolder.addActions(
          createGpuSizingAction({
            prices: readGpuPrices(config),
            // The scorecard's rule set with the platform's overrides: what
            // the golden paths refuse is what the scorecard fails.
            policy: servingPolicy(loadRuleSet(config)),
          }),
          createEngineArgsAction({ images: readServingImages(config) }),
          createSloRulesAction(),
          createAIModelEntityAction(),
          createResolveModelAction({ catalog }),
          createGpuNodePoolsAction(),
          createRagConfigAction(),
          createPromptGuardAction(),
        );
        const localDirectory = config.getOptionalString(
          'aiRefarch.localPublish.directory',
        );
        const integrations = ScmIntegrations.fromConfig(config);
        scaffolder.addActions(
          createPublishTargetAction({
            integrations,
            localPublish: Boolean(localDirectory),
          }),
          createModelRollbackAction({
            catalog,
            permissions,
            auditor,
            urlReader,
            integrations,
            localPublishDirectory: localDirectory,
          }),
        );
        if (localDirectory) {
          logger.warn(
            `aiRefarch.localPublish.directory is set: the golden paths publish to ${localDirectory} instead of the chosen Git host; use it for development only`,
          );
          scaffolder.addActions(
            createPublishLocalAction({ directory: localDirectory, catalog }),
            createPublishLocalChangeAction({ directory: localDirectory }),
          );
        }
      },
    });
  },
});
