import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  registriesFromConfig,
  RegistryEntityProvider,
} from '../registry/RegistryEntityProvider';
import { FeastRegistryClient } from './FeastRegistryClient';
import {
  FeastMappingContext,
  featureServiceResource,
  featureViewResource,
} from './mapping';

/**
 * Ingests the feature views and feature services of a Feast registry's
 * projects as catalog Resources (types `feature-view`,
 * `on-demand-feature-view`, `stream-feature-view` and `feature-service`; a
 * service depends on its views). A model names the ones it reads in
 * spec.features. A failed run leaves the catalog with the last good set.
 *
 * @public
 */
export class FeastEntityProvider extends RegistryEntityProvider {
  static fromConfig(
    config: Config,
    deps: { logger: LoggerService; scheduler: SchedulerService },
  ): FeastEntityProvider[] {
    return registriesFromConfig(config, 'feast', deps, entry => {
      const client = new FeastRegistryClient(entry);
      return new FeastEntityProvider({
        ...entry,
        client,
        projects: entry.config.getStringArray('projects'),
        mapping: {
          registryId: entry.id,
          url: path => client.url(path),
          uiUrl: entry.config.getOptionalString('uiUrl'),
          namespace: entry.config.getOptionalString('namespace'),
          owner: entry.defaults.owner,
          system: entry.defaults.system,
        },
      });
    });
  }

  constructor(
    private readonly options: {
      id: string;
      client: FeastRegistryClient;
      /** The Feast projects to read. */
      projects: string[];
      mapping: FeastMappingContext;
      logger: LoggerService;
      taskRunner?: SchedulerServiceTaskRunner;
      demo?: boolean;
    },
  ) {
    super({
      id: options.id,
      type: 'feast',
      title: 'the Feast registry',
      holds: 'feature views and services',
      providerName: `FeastProvider:${options.id}`,
      logger: options.logger,
      taskRunner: options.taskRunner,
      demo: options.demo,
    });
  }

  protected async read() {
    const { client, mapping, projects } = this.options;
    const read = await Promise.all(
      projects.map(async project => ({
        project,
        views: await client.listFeatureViews(project),
        services: await client.listFeatureServices(project),
      })),
    );
    return {
      entities: read.flatMap(({ project, views, services }) => [
        ...views.map(v => featureViewResource(v, project, mapping)),
        ...services.map(s => featureServiceResource(s, project, mapping)),
      ]),
      counts: {
        projects: projects.length,
        featureViews: read.reduce((n, r) => n + r.views.length, 0),
        featureServices: read.reduce((n, r) => n + r.services.length, 0),
      },
    };
  }
}
