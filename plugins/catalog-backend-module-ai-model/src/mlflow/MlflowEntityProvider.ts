import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ResponseError } from '@backstage/errors';
import { MlflowClient } from '@ai-refarch/plugin-ai-model-common';
import {
  readEach,
  registriesFromConfig,
  RegistryEntityProvider,
} from '../registry/RegistryEntityProvider';
import { currentVersion, MappingContext, toAIModelEntity } from './mapping';

/** How many runs are read at once. */
const CONCURRENCY = 8;

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
            evaluationMetrics:
              entry.config.getOptionalStringArray('evaluationMetrics'),
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
    const { client, mapping } = this.options;
    const [models, versions] = await Promise.all([
      client.listRegisteredModels(),
      client.listModelVersions(),
    ]);
    // The run of each model's current version: its evaluations and the
    // datasets it trained on. A run MLflow no longer has is no run.
    const shown = models.map(model => ({
      model,
      ...currentVersion(model, versions, mapping.preferredAlias),
    }));
    const runs = await readEach(
      shown.flatMap(s => (s.current?.run_id ? [s.current.run_id] : [])),
      CONCURRENCY,
      id =>
        client.getRun(id).catch(error => {
          if (error instanceof ResponseError && error.statusCode === 404) {
            return undefined;
          }
          throw error;
        }),
    );
    const entities = shown
      .map(s =>
        toAIModelEntity(
          s.model,
          s,
          mapping,
          s.current?.run_id ? runs.get(s.current.run_id) : undefined,
        ),
      )
      .filter(e => e !== undefined);
    return {
      entities,
      counts: {
        models: models.length,
        versions: versions.length,
        runs: runs.size,
      },
    };
  }
}
