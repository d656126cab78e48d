import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { MlflowClient } from '@ai-refarch/plugin-ai-model-common';
import {
  registriesFromConfig,
  RegistryEntityProvider,
} from '../registry/RegistryEntityProvider';
import { MappingContext, toAIModelEntity } from './mapping';

/**
 * Ingests one MLflow Model Registry as AIModel entities. A failed run (the
 * registry down, a 5xx, a time-out, a garbled answer) logs the error and
 * leaves the catalog with the last good set; the next scheduled run tries
 * again.
 *
 * @public
 */
export class MlflowEntityProvider extends RegistryEntityProvider {
  static fromConfig(
    config: Config,
    deps: { logger: LoggerService; scheduler: SchedulerService },
  ): MlflowEntityProvider[] {
    return registriesFromConfig(
      config,
      'aiModelMlflow',
      deps,
      entry =>
        new MlflowEntityProvider({
          ...entry,
          client: new MlflowClient(entry),
          mapping: {
            registryId: entry.id,
            baseUrl: entry.baseUrl,
            preferredAlias:
              entry.config.getOptionalString('preferredAlias') ?? 'champion',
            defaults: entry.defaults,
          },
        }),
    );
  }

  constructor(
    private readonly options: {
      id: string;
      client: MlflowClient;
      mapping: MappingContext;
      logger: LoggerService;
      taskRunner?: SchedulerServiceTaskRunner;
      /** A simulated registry: its models carry the `demo` tag. */
      demo?: boolean;
    },
  ) {
    super({
      id: options.id,
      type: 'mlflow',
      title: 'MLflow',
      providerName: `AIModelMlflowProvider:${options.id}`,
      logger: options.logger,
      taskRunner: options.taskRunner,
      demo: options.demo,
    });
  }

  protected async read() {
    const [models, versions] = await Promise.all([
      this.options.client.listRegisteredModels(),
      this.options.client.listModelVersions(),
    ]);
    const entities = models
      .map(m => toAIModelEntity(m, versions, this.options.mapping))
      .filter(e => e !== undefined);
    return {
      entities,
      counts: { models: models.length, versions: versions.length },
    };
  }
}
