import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { KubeflowModelRegistryClient } from '@ai-refarch/plugin-ai-model-common';
import {
  readEach,
  registriesFromConfig,
  RegistryEntityProvider,
} from '../registry/RegistryEntityProvider';
import {
  KubeflowMappingContext,
  liveVersionsByModel,
  toAIModelEntity,
} from './mapping';

/** How many versions' artifacts are read at once. */
const CONCURRENCY = 8;

/**
 * Ingests one Kubeflow Model Registry as AIModel entities: its registered
 * models, their versions, and the current version's artifacts (the weights,
 * and the datasets it was trained on). A failed run leaves the catalog with
 * the last good set.
 *
 * @public
 */
export class KubeflowEntityProvider extends RegistryEntityProvider {
  static fromConfig(
    config: Config,
    deps: { logger: LoggerService; scheduler: SchedulerService },
  ): KubeflowEntityProvider[] {
    return registriesFromConfig(config, 'aiModelKubeflow', deps, entry => {
      const client = new KubeflowModelRegistryClient(entry);
      return new KubeflowEntityProvider({
        ...entry,
        client,
        mapping: {
          registryId: entry.id,
          resourceUrl: path => client.resourceUrl(path),
          uiUrl: entry.config.getOptionalString('uiUrl'),
          evaluationMetrics:
            entry.config.getOptionalStringArray('evaluationMetrics'),
          defaults: entry.defaults,
        },
      });
    });
  }

  constructor(
    private readonly options: {
      id: string;
      client: KubeflowModelRegistryClient;
      mapping: KubeflowMappingContext;
      logger: LoggerService;
      taskRunner?: SchedulerServiceTaskRunner;
      /** A simulated registry: its models carry the `demo` tag. */
      demo?: boolean;
    },
  ) {
    super({
      id: options.id,
      type: 'kubeflow',
      title: 'the Kubeflow Model Registry',
      providerName: `AIModelKubeflowProvider:${options.id}`,
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
    const live = liveVersionsByModel(versions);
    // The artifacts of each live model's current version (its newest live
    // one) and of the version before it, whose weights a rollback deploys.
    const artifacts = await readEach(
      models
        .filter(m => m.state !== 'ARCHIVED')
        .flatMap(m => live.get(m.id)?.slice(-2) ?? [])
        .map(v => v.id),
      CONCURRENCY,
      id => client.listVersionArtifacts(id),
    );
    const entities = models
      .map(m => {
        const own = live.get(m.id) ?? [];
        const of = (v?: { id: string }) => (v && artifacts.get(v.id)) ?? [];
        return toAIModelEntity(
          m,
          own,
          { current: of(own.at(-1)), previous: of(own.at(-2)) },
          mapping,
        );
      })
      .filter(e => e !== undefined);
    return {
      entities,
      counts: {
        models: models.length,
        versions: versions.length,
        artifactLists: artifacts.size,
      },
    };
  }
}
