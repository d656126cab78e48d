import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readGpuPrices } from '@ai-refarch/plugin-ai-model-common';
import { aiScorecardPermissions } from '@ai-refarch/plugin-ai-scorecard-common';
import {
  aiScorecardCollectorsExtensionPoint,
  FactCollector,
  ModelServerDiscovery,
} from '@ai-refarch/plugin-ai-scorecard-node';
import { CatalogFactCollector } from './collectors/CatalogFactCollector';
import { RepoFactCollector } from './collectors/RepoFactCollector';
import {
  readMlflowRegistries,
  RegistryFactCollector,
} from './collectors/RegistryFactCollector';
import {
  readSigstoreOptions,
  SignatureFactCollector,
} from './collectors/SignatureFactCollector';
import { ScmIntegrations } from '@backstage/integration';
import { ScorecardStore } from './database/ScorecardStore';
import { createRouter } from './router';
import { registerScorecardActions } from './actions';
import { GradingService } from './services/GradingService';
import { ReadableEntities } from './services/ReadableEntities';
import { scheduleGrading } from './services/schedule';
import { loadRuleSet } from '@ai-refarch/plugin-ai-scorecard-node';

const BUILT_IN_COLLECTORS = ['catalog', 'repo'];

/**
 * The AI Reference Architecture scorecard back end: grades every service,
 * model and cluster on a schedule and on demand, stores the results with
 * their history and serves them.
 *
 * @public
 */
export const aiScorecardPlugin = createBackendPlugin({
  pluginId: 'ai-scorecard',
  register(env) {
    const collectors: FactCollector[] = [];
    const discoveries: ModelServerDiscovery[] = [];
    env.registerExtensionPoint(aiScorecardCollectorsExtensionPoint, {
      addCollector(...added) {
        for (const collector of added) {
          if (
            BUILT_IN_COLLECTORS.includes(collector.id) ||
            collectors.some(c => c.id === collector.id)
          ) {
            throw new Error(
              `A fact collector with id ${collector.id} is already registered`,
            );
          }
          collectors.push(collector);
        }
      },
      addModelServerDiscovery(...added) {
        discoveries.push(...added);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
        catalog: catalogServiceRef,
        urlReader: coreServices.urlReader,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        auditor,
        actionsRegistry,
        catalog,
        urlReader,
      }) {
        collectors.unshift(
          new CatalogFactCollector({ catalog }),
          new RepoFactCollector({
            urlReader,
            logger,
            gpuPrices: readGpuPrices(config),
          }),
          new RegistryFactCollector({
            registries: readMlflowRegistries(config),
            logger,
          }),
          new SignatureFactCollector({
            urlReader,
            integrations: ScmIntegrations.fromConfig(config),
            logger,
            sigstore: readSigstoreOptions(config),
          }),
        );
        permissionsRegistry.addPermissions(aiScorecardPermissions);
        const ruleSet = loadRuleSet(config);
        const db = await database.getClient();
        if (!database.migrations?.skip) {
          await db.migrate.latest({
            directory: resolvePackagePath(
              '@ai-refarch/plugin-ai-scorecard-backend',
              'migrations',
            ),
          });
        }
        const store = new ScorecardStore(db);
        const grading = new GradingService({
          ruleSet,
          collectors,
          catalog,
          auth,
          store,
          logger,
          // An expired waiver stops applying by itself: only active ones are read.
          waivers: () => store.waivers({ activeAt: new Date() }),
        });
        logger.info(
          `Grading against rule set ${ruleSet.version} (${
            ruleSet.rules.length
          } rules) with collectors ${collectors.map(c => c.id).join(', ')}`,
        );

        await scheduleGrading({ config, scheduler, grading, store, logger });

        const readable = new ReadableEntities({
          permissions,
          catalog,
          kinds: grading.kinds,
        });
        registerScorecardActions(actionsRegistry, {
          store,
          grading,
          readable,
        });
        httpRouter.use(
          createRouter({
            httpAuth,
            permissions,
            auditor,
            store,
            grading,
            readable,
            discoveries,
          }),
        );
      },
    });
  },
});
