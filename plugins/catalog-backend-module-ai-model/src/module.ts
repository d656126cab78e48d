import {
  AuthService,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  CatalogService,
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  AIModelEntitiesProcessor,
  EntityExistence,
} from './processor/AIModelEntitiesProcessor';
import { MlflowEntityProvider } from './mlflow/MlflowEntityProvider';
import { KubeflowEntityProvider } from './kubeflow/KubeflowEntityProvider';
import { FeastEntityProvider } from './feast/FeastEntityProvider';
import { WandbEntityProvider } from './wandb/WandbEntityProvider';
import { SloSpecProcessor } from './processor/SloSpecProcessor';
import { RepoUrlHostsProcessor } from './processor/RepoUrlHostsProcessor';

/**
 * The AIModel kind in the catalog: validation, relations in both directions,
 * and ingestion from the MLflow registries in
 * `catalog.providers.aiModelMlflow` and the Kubeflow Model Registries in
 * `catalog.providers.aiModelKubeflow`, the W&B Registries in
 * `catalog.providers.aiModelWandb`, and the feature views and services
 * of the Feast registries in `catalog.providers.feast`; the check of the SLOs and budget
 * that Components and AIModels declare; and the Git hosts that the
 * golden-path templates offer, from app-config.
 *
 * @public
 */
export const catalogModuleAiModel = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ai-model',
  register(reg) {
    reg.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ processing, catalog, auth, config, logger, scheduler }) {
        processing.addProcessor(
          new AIModelEntitiesProcessor({
            exists: catalogExistence(catalog, auth),
          }),
        );
        processing.addProcessor(new SloSpecProcessor());
        processing.addProcessor(RepoUrlHostsProcessor.fromConfig(config));
        processing.addEntityProvider([
          ...MlflowEntityProvider.fromConfig(config, { logger, scheduler }),
          ...KubeflowEntityProvider.fromConfig(config, { logger, scheduler }),
          ...WandbEntityProvider.fromConfig(config, { logger, scheduler }),
          ...FeastEntityProvider.fromConfig(config, { logger, scheduler }),
        ]);
      },
    });
  },
});

/**
 * Looks entities up in the catalog, remembering the ones found for a few
 * minutes so that re-processing does not ask again each time.
 */
function catalogExistence(
  catalog: CatalogService,
  auth: AuthService,
): EntityExistence {
  const found = new Map<string, number>();
  const ttlMs = 5 * 60_000;
  return async ref => {
    const now = Date.now();
    if ((found.get(ref) ?? 0) > now) return true;
    const entity = await catalog.getEntityByRef(ref, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (entity) found.set(ref, now + ttlMs);
    return entity !== undefined;
  };
}
