import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { RegistryDefaults } from './fields';

/**
 * One provider per entry under `catalog.providers.<key>`: `create` gets the
 * entry's id and config, what every registry reads from it, and its runner.
 */
export function registriesFromConfig<T>(
  config: Config,
  key: string,
  deps: { logger: LoggerService; scheduler: SchedulerService },
  create: (
    entry: ReturnType<typeof readRegistryConfig> & {
      id: string;
      config: Config;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) => T,
): T[] {
  const root = config.getOptionalConfig(`catalog.providers.${key}`);
  if (!root) return [];
  return root.keys().map(id => {
    const c = root.getConfig(id);
    const common = readRegistryConfig(c);
    return create({
      ...common,
      id,
      config: c,
      logger: deps.logger,
      taskRunner: deps.scheduler.createScheduledTaskRunner(common.schedule),
    });
  });
}

/**
 * Reads each key, `limit` at a time, as registries are read per model or
 * version; the answers by key (one read as undefined is left out).
 */
export async function readEach<T>(
  keys: string[],
  limit: number,
  read: (key: string) => Promise<T | undefined>,
): Promise<Map<string, T>> {
  const answers = new Map<string, T>();
  const queue = [...keys];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let key = queue.shift(); key; key = queue.shift()) {
        const answer = await read(key);
        if (answer !== undefined) answers.set(key, answer);
      }
    }),
  );
  return answers;
}

function readRegistryConfig(c: Config) {
  return {
    baseUrl: c.getString('baseUrl'),
    token: c.getOptionalString('token'),
    timeoutMs: c.has('timeout')
      ? durationToMilliseconds(readDurationFromConfig(c, { key: 'timeout' }))
      : 30_000,
    schedule: readSchedulerServiceTaskScheduleDefinitionFromConfig(
      c.getConfig('schedule'),
    ),
    defaults: readDefaults(c.getConfig('defaults')),
    demo: c.getOptionalBoolean('demo') ?? false,
  };
}

function readDefaults(defaults: Config): RegistryDefaults {
  return {
    owner: defaults.getString('owner'),
    type: defaults.getOptionalString('type'),
    lifecycle: defaults.getOptionalString('lifecycle'),
    system: defaults.getOptionalString('system'),
    dataClassification: defaults.getOptionalString('dataClassification'),
  };
}

/**
 * Ingests one model registry as AIModel entities on a schedule. A failed run
 * (the registry down, a 5xx, a time-out, a garbled answer) logs the error and
 * leaves the catalog with the last good set; the next run tries again.
 * Subclasses read their registry (`read`).
 *
 * @public
 */
export abstract class RegistryEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  protected constructor(
    private readonly registry: {
      /** The registry's id in the config. */
      id: string;
      /** Its kind, for names and location keys: `mlflow`, `kubeflow`. */
      type: string;
      /** For log lines: MLflow, the Kubeflow Model Registry. */
      title: string;
      /** What it holds, for log lines; default `models`. */
      holds?: string;
      /** The provider's name, as the catalog knows it. */
      providerName: string;
      /** A simulated registry: its models carry the `demo` tag. */
      demo?: boolean;
      logger: LoggerService;
      taskRunner?: SchedulerServiceTaskRunner;
    },
  ) {}

  /** Reads the whole registry: its AIModel entities and what it counted. */
  protected abstract read(): Promise<{
    entities: Entity[];
    counts: Record<string, number>;
  }>;

  getProviderName(): string {
    return this.registry.providerName;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.registry.taskRunner?.run({
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
    const { logger, title, type, id } = this.registry;
    const started = Date.now();
    try {
      const { entities, counts } = await this.read();
      if (this.registry.demo) {
        for (const e of entities) {
          e.metadata.tags = [...(e.metadata.tags ?? []), 'demo'];
        }
      }
      await this.connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({
          entity,
          locationKey: `${type}:${id}`,
        })),
      });
      logger.info(
        `${this.getProviderName()} read ${entities.length} ${
          this.registry.holds ?? 'models'
        } from ${title}`,
        { ...counts, durationMs: Date.now() - started },
      );
      return true;
    } catch (error) {
      logger.error(
        `${this.getProviderName()}: reading ${title} failed; keeping the ${
          this.registry.holds ?? 'models'
        } from the last good run and trying again on the next`,
        error as Error,
      );
      return false;
    }
  }
}
