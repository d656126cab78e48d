import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { MlflowClient } from '@ai-refarch/plugin-ai-model-common';
import { MappingContext, toAIModelEntity } from './mapping';

/**
 * Ingests one MLflow Model Registry as AIModel entities. A failed run (the
 * registry down, a 5xx, a time-out, a garbled answer) logs the error and
 * leaves the catalog with the last good set; the next scheduled run tries
 * again.
 *
 * @public
 */
export class MlflowEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  static fromConfig(
    config: Config,
    deps: { logger: LoggerService; scheduler: SchedulerService },
  ): MlflowEntityProvider[] {
    const root = config.getOptionalConfig('catalog.providers.aiModelMlflow');
    if (!root) return [];
    return root.keys().map(id => {
      const c = root.getConfig(id);
      const baseUrl = c.getString('baseUrl');
      const timeoutMs = c.has('timeout')
        ? durationToMilliseconds(readDurationFromConfig(c, { key: 'timeout' }))
        : 30_000;
      const schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        c.getConfig('schedule'),
      );
      const defaults = c.getConfig('defaults');
      return new MlflowEntityProvider({
        id,
        client: new MlflowClient({
          baseUrl,
          token: c.getOptionalString('token'),
          timeoutMs,
        }),
        mapping: {
          registryId: id,
          baseUrl,
          preferredAlias: c.getOptionalString('preferredAlias') ?? 'champion',
          defaults: {
            owner: defaults.getString('owner'),
            type: defaults.getOptionalString('type'),
            lifecycle: defaults.getOptionalString('lifecycle'),
            system: defaults.getOptionalString('system'),
            dataClassification:
              defaults.getOptionalString('dataClassification'),
          },
        },
        logger: deps.logger,
        taskRunner: deps.scheduler.createScheduledTaskRunner(schedule),
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
    },
  ) {}

  getProviderName(): string {
    return `AIModelMlflowProvider:${this.options.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.refresh();
      },
    });
  }

  /** Reads the registry and replaces this provider's entities; false when the run failed. */
  async refresh(): Promise<boolean> {
    if (!this.connection)
      throw new Error(`${this.getProviderName()} is not connected`);
    const { logger } = this.options;
    const started = Date.now();
    try {
      const [models, versions] = await Promise.all([
        this.options.client.listRegisteredModels(),
        this.options.client.listModelVersions(),
      ]);
      const entities = models
        .map(m => toAIModelEntity(m, versions, this.options.mapping))
        .filter(e => e !== undefined);
      await this.connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({
          entity,
          locationKey: `mlflow:${this.options.id}`,
        })),
      });
      logger.info(
        `${this.getProviderName()} read ${entities.length} models from MLflow`,
        {
          models: models.length,
          versions: versions.length,
          durationMs: Date.now() - started,
        },
      );
      return true;
    } catch (error) {
      logger.error(
        `${this.getProviderName()}: reading MLflow failed; keeping the models from the last good run and trying again on the next`,
        error as Error,
      );
      return false;
    }
  }
}
