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
import { datasetsOf, toAIModelEntities, WandbMappingContext } from './mapping';
import {
  WANDB_REGISTRY_PREFIX,
  WandbRegistryClient,
} from './WandbRegistryClient';

/**
 * Ingests the W&B Registry of an organization as AIModel entities: each
 * collection of a model type in its registries (or the ones configured)
 * becomes one AIModel at its `latest` version. A failed run leaves the
 * catalog with the last good set.
 *
 * @public
 */
export class WandbEntityProvider extends RegistryEntityProvider {
  static fromConfig(
    config: Config,
    deps: { logger: LoggerService; scheduler: SchedulerService },
  ): WandbEntityProvider[] {
    return registriesFromConfig(config, 'aiModelWandb', deps, entry => {
      const c = entry.config;
      const baseUrl = entry.baseUrl;
      return new WandbEntityProvider({
        ...entry,
        client: new WandbRegistryClient({
          baseUrl,
          apiKey: entry.token,
          organization: c.getString('organization'),
          timeoutMs: entry.timeoutMs,
        }),
        registries: c.getOptionalStringArray('registries'),
        mapping: {
          registryId: entry.id,
          // The API of W&B's cloud is api.wandb.ai, its app wandb.ai; a
          // W&B Server serves both.
          appUrl:
            c.getOptionalString('appUrl') ??
            baseUrl.replace('://api.wandb.ai', '://wandb.ai'),
          artifactTypes: c.getOptionalStringArray('artifactTypes') ?? ['model'],
          evaluationMetrics: c.getOptionalStringArray('evaluationMetrics'),
          defaults: entry.defaults,
        },
      });
    });
  }

  constructor(
    private readonly options: {
      id: string;
      client: WandbRegistryClient;
      /** The registries to read, by name (`model`); default all. */
      registries?: string[];
      mapping: WandbMappingContext;
      logger: LoggerService;
      taskRunner?: SchedulerServiceTaskRunner;
      demo?: boolean;
    },
  ) {
    super({
      id: options.id,
      type: 'wandb',
      title: 'the W&B Registry',
      providerName: `AIModelWandbProvider:${options.id}`,
      logger: options.logger,
      taskRunner: options.taskRunner,
      demo: options.demo,
    });
  }

  protected async read() {
    const { client, mapping, registries: wanted } = this.options;
    const registries = (await client.listRegistries()).filter(
      r =>
        !wanted || wanted.includes(r.name.slice(WANDB_REGISTRY_PREFIX.length)),
    );
    let versions = 0;
    const entities = [];
    for (const registry of registries) {
      const { orgEntity, versions: read } = await client.listVersions(
        registry.name,
      );
      versions += read.length;
      entities.push(...toAIModelEntities(registry, orgEntity, read, mapping));
    }
    // Lineage: the datasets the run that logged each model used.
    for (const entity of entities) {
      const spec = entity.spec as {
        artifact?: { runId?: string };
        datasets?: string[];
      };
      const run = spec.artifact?.runId;
      if (!run) continue;
      try {
        const datasets = datasetsOf(await client.runInputs(run));
        if (datasets.length) spec.datasets = datasets;
      } catch (error) {
        // The model is still the registry's; only its lineage is missing.
        this.options.logger.warn(
          `W&B: the datasets of ${entity.metadata.name} are not known: ${
            (error as Error).message
          }`,
        );
      }
    }
    return {
      entities,
      counts: { registries: registries.length, versions },
    };
  }
}
