import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  ANNOTATION_REGISTRY_SOURCE,
  MlflowClient,
  MlflowRun,
} from '@ai-refarch/plugin-ai-model-common';
import { Fact, Facts } from '@ai-refarch/plugin-ai-scorecard-common';
import { FactCollector, redactIn } from '@ai-refarch/plugin-ai-scorecard-node';

/** One MLflow registry the scorecard may ask. */
export type MlflowRegistry = {
  id: string;
  baseUrl: string;
  client: MlflowClient;
  /** A demo registry: its evidence is labelled as demo data. */
  demo: boolean;
  /** Where it was configured, for messages. */
  key: string;
};

const OWN = 'aiScorecard.registries.mlflow';
const PROVIDERS = 'catalog.providers.aiModelMlflow';

/**
 * The MLflow registries the scorecard reads: `aiScorecard.registries.mlflow`,
 * or else the ones the catalog's MLflow entity provider ingests from
 * (`catalog.providers.aiModelMlflow`), so that one list serves both.
 */
export function readMlflowRegistries(config: Config): MlflowRegistry[] {
  const own = config.getOptionalConfig(OWN);
  const [root, source] = own
    ? [own, OWN]
    : [config.getOptionalConfig(PROVIDERS), PROVIDERS];
  if (!root) return [];
  return root.keys().map(id => {
    const c = root.getConfig(id);
    const key = `${source}.${id}`;
    const baseUrl = c.getString('baseUrl');
    if (!/^https?:\/\//.test(baseUrl)) {
      throw new Error(`${key}.baseUrl: "${baseUrl}" is not an http(s) URL`);
    }
    const timeoutMs = c.has('timeout')
      ? durationToMilliseconds(readDurationFromConfig(c, { key: 'timeout' }))
      : 30_000;
    return {
      id,
      baseUrl,
      key,
      demo: c.getOptionalBoolean('demo') ?? false,
      client: new MlflowClient({
        baseUrl,
        token: c.getOptionalString('token'),
        timeoutMs,
      }),
    };
  });
}

/** A dataset name as a catalog entity name would spell it. */
const normalise = (name: string) =>
  name
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** The datasets a run logged for training (or without saying what for). */
function trainingDatasets(run: MlflowRun): string[] {
  return (run.inputs?.dataset_inputs ?? [])
    .filter(input => {
      const context = input.tags?.find(
        t => t.key === 'mlflow.data.context',
      )?.value;
      return (
        context === undefined || context === 'training' || context === 'train'
      );
    })
    .map(input => input.dataset.name);
}

/** The answer, or undefined when MLflow says it holds no such thing (404, RESOURCE_DOES_NOT_EXIST). */
async function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

/**
 * `registry.mlflow`: what the MLflow Model Registry holds for an AIModel
 * registered there (`spec.registry.type: mlflow`): whether the version is
 * there, its digest tag against `spec.artifact.digest`, the datasets its
 * training run logged as inputs against `spec.datasets`, its aliases against
 * `spec.aliases`, and whether `spec.rollbackVersion` is there too. Models in other registries
 * get no fact; the rules do not ask for one.
 */
export class RegistryFactCollector implements FactCollector {
  readonly id = 'registry';

  constructor(
    private readonly options: {
      registries: MlflowRegistry[];
      logger: LoggerService;
    },
  ) {}

  async collect(entities: Entity[]): Promise<Map<string, Facts>> {
    const facts = new Map<string, Facts>();
    for (const entity of entities) {
      const registry = (entity.spec as any)?.registry;
      if (entity.kind !== 'AIModel' || registry?.type !== 'mlflow') continue;
      facts.set(stringifyEntityRef(entity), {
        'registry.mlflow': await this.read(entity, registry),
      });
    }
    return facts;
  }

  /** The configured registry the model is in. */
  private registryOf(
    entity: Entity,
    declared: { url?: string },
  ): MlflowRegistry | string {
    const { registries } = this.options;
    if (registries.length === 0) {
      return `no MLflow registry is configured (${OWN}.<id>.baseUrl, or the catalog's ${PROVIDERS})`;
    }
    const ingested = /^mlflow:(.+)$/.exec(
      entity.metadata.annotations?.[ANNOTATION_REGISTRY_SOURCE] ?? '',
    )?.[1];
    if (ingested) {
      return (
        registries.find(r => r.id === ingested) ??
        `the entity was ingested from MLflow registry ${ingested}, which is not configured`
      );
    }
    if (declared.url) {
      let origin: string | undefined;
      try {
        origin = new URL(declared.url).origin;
      } catch {
        return `spec.registry.url ${JSON.stringify(declared.url)} is not a URL`;
      }
      const byUrl = registries.find(r => new URL(r.baseUrl).origin === origin);
      if (byUrl) return byUrl;
    }
    if (registries.length === 1) return registries[0];
    return `none of the configured MLflow registries (${registries
      .map(r => r.id)
      .join(', ')}) serves ${
      declared.url ?? 'this model'
    }; set spec.registry.url to the registry's address`;
  }

  private async read(
    entity: Entity,
    declared: { name?: string; version?: string; url?: string },
  ): Promise<Fact> {
    const observedAt = new Date().toISOString();
    const registry = this.registryOf(entity, declared);
    if (typeof registry === 'string') {
      return { unknown: registry, source: 'mlflow', observedAt };
    }
    const source = `mlflow:${registry.id}${
      registry.demo ? ' (demo data)' : ''
    }`;
    const unknown = (reason: string): Fact => ({
      unknown: reason,
      source,
      observedAt,
    });
    if (!declared.name || !declared.version) {
      return unknown(
        'spec.registry names no model and version to look up in MLflow',
      );
    }
    const { client } = registry;
    const spec = (entity.spec ?? {}) as {
      artifact?: { digest?: string };
      datasets?: string[];
      aliases?: string[];
      rollbackVersion?: string;
    };
    try {
      const name = declared.name;
      const version = await orMissing(
        client.getModelVersion(name, String(declared.version)),
      );
      if (!version) {
        // The registry answers that it holds no such version: a fact, not a gap.
        return {
          value: {
            registry: registry.id,
            name,
            version: String(declared.version),
            registered: false,
            digestMatches: null,
            lineageMatches: null,
            aliasesMatch: null,
            rollbackRegistered: null,
          },
          source,
          observedAt,
        };
      }
      const [model, rollback] = await Promise.all([
        client.getRegisteredModel(name),
        spec.rollbackVersion === undefined
          ? undefined
          : orMissing(
              client.getModelVersion(name, String(spec.rollbackVersion)),
            ),
      ]);
      const tags = Object.fromEntries(
        [...(model?.tags ?? []), ...(version.tags ?? [])].map(t => [
          t.key,
          t.value,
        ]),
      );
      const digest = tags.digest ?? null;
      const aliases = [
        ...new Set([
          ...(version.aliases ?? []),
          ...(model?.aliases ?? [])
            .filter(a => a.version === version.version)
            .map(a => a.alias),
        ]),
      ].sort();
      const run = version.run_id
        ? await client.getRun(version.run_id)
        : undefined;
      const logged = run ? trainingDatasets(run) : [];
      // spec.datasets holds Resource refs, the kind and namespace optional.
      const nameOf = (ref: string) => {
        try {
          return normalise(
            parseEntityRef(ref, {
              defaultKind: 'resource',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }).name,
          );
        } catch {
          return undefined;
        }
      };
      const declaredNames = (spec.datasets ?? []).map(nameOf);
      const loggedNames = logged.map(normalise);
      const undeclared = logged.filter(
        n => !declaredNames.includes(normalise(n)),
      );
      const unlogged = (spec.datasets ?? []).filter(
        ref => !loggedNames.includes(nameOf(ref) ?? ''),
      );
      const declaredAliases = spec.aliases ?? [];
      return {
        value: {
          registry: registry.id,
          name,
          version: String(declared.version),
          registered: true,
          digest,
          digestMatches:
            digest === null ? null : digest === spec.artifact?.digest,
          runId: version.run_id ?? null,
          trainingDatasets: logged,
          undeclared,
          unlogged,
          // Unknown lineage (no run, or a run that logged no datasets) is not a match.
          lineageMatches:
            logged.length === 0
              ? null
              : undeclared.length === 0 && unlogged.length === 0,
          aliases,
          // The aliases the catalog deploys by are the registry's for this version.
          aliasesMatch: declaredAliases.length
            ? declaredAliases.every(a => aliases.includes(a))
            : null,
          rollbackVersion: spec.rollbackVersion ?? null,
          rollbackRegistered:
            spec.rollbackVersion === undefined ? null : rollback !== undefined,
        },
        source,
        observedAt,
      };
    } catch (error) {
      const message = redactIn((error as Error).message, registry.baseUrl);
      this.options.logger.warn(
        `Could not read ${declared.name} version ${declared.version} from MLflow registry ${registry.id}`,
        { error: message },
      );
      return unknown(
        `could not read ${declared.name} version ${declared.version} from MLflow registry ${registry.id} (${registry.key}): ${message}`,
      );
    }
  }
}
