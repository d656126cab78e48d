import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { MlflowClient } from '@ai-refarch/plugin-ai-model-common';
import {
  readRegistryConfig,
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
    const root = config.getOptionalConfig('catalog.providers.aiModelMlflow');
    if (!root) return [];
    return root.keys().map(id => {
      const c = root.getConfig(id);
      const { baseUrl, token, timeoutMs, schedule, defaults, demo } =
        readRegistryConfig(c);
      return new MlflowEntityProvider({
        id,
        client: new MlflowClient({ baseUrl, token, timeoutMs }),
        mapping: {
          registryId: id,
          baseUrl,
          preferredAlias: c.getOptionalString('preferredAlias') ?? 'champion',
          defaults,
        },
        logger: deps.logger,
        taskRunner: deps.scheduler.createScheduledTaskRunner(schedule),
        demo,
      });
    });
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
