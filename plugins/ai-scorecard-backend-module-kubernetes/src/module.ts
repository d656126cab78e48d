import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { aiScorecardCollectorsExtensionPoint } from '@ai-refarch/plugin-ai-scorecard-node';
import { ClusterCredentials } from './client/ClusterCredentials';
import { ClusterSnapshots } from './client/ClusterSnapshots';
import { readKubernetesEvidenceConfig } from './config';
import { KubernetesFactCollector } from './KubernetesFactCollector';
import { UnregisteredModelServers } from './UnregisteredModelServers';

/**
 * Live Kubernetes evidence for the scorecard: the `kubernetes` fact
 * collector and the discovery of model servers that are not in the catalog.
 *
 * @public
 */
export const aiScorecardModuleKubernetes = createBackendModule({
  pluginId: 'ai-scorecard',
  moduleId: 'kubernetes',
  register(reg) {
    reg.registerInit({
      deps: {
        scorecard: aiScorecardCollectorsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({ scorecard, config, logger, catalog }) {
        const settings = readKubernetesEvidenceConfig(config);
        const snapshots = new ClusterSnapshots(
          settings,
          logger,
          ClusterCredentials.fromConfig(config, logger),
        );
        const collector = new KubernetesFactCollector({
          snapshots,
          catalog,
        });
        scorecard.addCollector(collector);
        scorecard.addModelServerDiscovery(
          new UnregisteredModelServers({ collector, catalog }),
        );
        logger.info(
          settings.clusters.length
            ? `Reading live evidence from Kubernetes clusters ${snapshots.clusterNames.join(
                ', ',
              )} (from ${settings.clustersFrom})`
            : 'No Kubernetes clusters configured: kubernetes.* facts stay unknown',
        );
      },
    });
  },
});
