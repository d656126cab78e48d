import { Entity } from '@backstage/catalog-model';
import {
  commonSpec,
  entityName,
  evaluationsFrom,
  fieldsFromProperties,
  RegistryDefaults,
  registryModelEntity,
} from '../registry/fields';
import {
  WANDB_REGISTRY_PREFIX,
  WandbRegistry,
  WandbRegistryVersion,
  WandbRunInput,
} from './WandbRegistryClient';

/**
 * The datasets a run used (input artifacts of type `dataset`), as Resource
 * refs named after their collections, as the MLflow and Kubeflow providers
 * name theirs.
 */
export function datasetsOf(inputs: WandbRunInput[]): string[] {
  return [
    ...new Set(
      inputs
        .filter(
          i => i.artifactType?.name === 'dataset' && i.artifactSequence?.name,
        )
        .map(i => `resource:default/${entityName(i.artifactSequence!.name)}`),
    ),
  ];
}

/**
 * How one W&B organization's registries become AIModel entities.
 *
 * @public
 */
export type WandbMappingContext = {
  registryId: string;
  /** The W&B app, e.g. https://wandb.ai; the models link to their registry there. */
  appUrl: string;
  /** The artifact types that are models; default `model`. */
  artifactTypes: string[];
  /** Numeric metadata keys that are evaluations (keys, or prefixes ending in `_` or `/`); default `eval_` and `eval/`. */
  evaluationMetrics?: string[];
  defaults: RegistryDefaults;
};

/** A version's metadata (a JSON string in the API); {} if it is not an object. */
function metadataOf(version: WandbRegistryVersion): Record<string, unknown> {
  try {
    const parsed = JSON.parse(version.artifact.metadata || '{}');
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

/** A metadata value as text: strings as they are, numbers and booleans written out. */
function text(value: unknown): string | undefined {
  return ['string', 'number', 'boolean'].includes(typeof value)
    ? String(value)
    : undefined;
}

const byIndex = (a: WandbRegistryVersion, b: WandbRegistryVersion) =>
  (a.versionIndex ?? -1) - (b.versionIndex ?? -1);

/**
 * Maps a registry's versions to one AIModel per collection of a model type:
 *
 * - the version with the `latest` alias (else the newest) is current, and
 *   the one before it the version to roll back to; deleted ones are passed
 *   over;
 * - the current version's metadata keys named as the AIModel fields (owner,
 *   type, license, runtime, digest, base_model, features, …) set them;
 * - the artifact is `wandb-artifact:///<org entity>/<registry>/<collection>:v<n>`
 *   and its run the W&B run that logged it (`<entity>/<project>/<run id>`).
 */
export function toAIModelEntities(
  registry: WandbRegistry,
  orgEntity: string,
  versions: WandbRegistryVersion[],
  ctx: WandbMappingContext,
): Entity[] {
  const short = registry.name.slice(WANDB_REGISTRY_PREFIX.length);
  const collections = new Map<string, WandbRegistryVersion[]>();
  for (const v of versions) {
    if (v.artifact.state === 'DELETED') continue;
    if (!ctx.artifactTypes.includes(v.artifact.artifactType?.name ?? '')) {
      continue;
    }
    const list = collections.get(v.artifactCollection.name);
    if (list) list.push(v);
    else collections.set(v.artifactCollection.name, [v]);
  }
  const registryUrl = `${ctx.appUrl.replace(
    /\/$/,
    '',
  )}/registry/${encodeURIComponent(short)}`;
  return [...collections.entries()].map(([collection, all]) => {
    const sorted = [...all].sort(byIndex);
    const current =
      sorted.find(v => v.aliases.some(a => a.alias === 'latest')) ??
      sorted[sorted.length - 1];
    const previous = sorted.filter(v => byIndex(v, current) < 0).at(-1);
    const meta = metadataOf(current);
    const fields = fieldsFromProperties(key => text(meta[key]));
    const version = `v${current.versionIndex}`;
    const spec: Record<string, unknown> = {
      ...commonSpec(fields, ctx.defaults),
      version,
      registry: {
        type: 'wandb',
        name: `${short}/${collection}`,
        version,
        url: registryUrl,
      },
    };
    const aliases = current.aliases
      .map(a => a.alias)
      .filter(a => a !== 'latest');
    if (aliases.length) spec.aliases = aliases;
    if (previous) {
      spec.rollbackVersion = `v${previous.versionIndex}`;
      // What a rollback deploys: that version's artifact, when its own
      // metadata pins the weights by digest.
      const digest = fieldsFromProperties(key =>
        text(metadataOf(previous)[key]),
      ).digest;
      if (digest) {
        spec.rollbackArtifact = {
          uri: `wandb-artifact:///${orgEntity}/${registry.name}/${collection}:${spec.rollbackVersion}`,
          digest,
        };
      }
    }
    const baseModel = text(meta.base_model);
    if (baseModel) {
      spec.baseModel = {
        ref: baseModel,
        relation: text(meta.base_model_relation) ?? 'finetune',
      };
    }
    const run = current.artifact.createdBy;
    const runUrl =
      run?.__typename === 'Run' && run.name && run.project
        ? `${ctx.appUrl.replace(/\/$/, '')}/${run.project.entity.name}/${
            run.project.name
          }/runs/${run.name}`
        : undefined;
    // Numeric metadata named as evaluations, on the dataset the metadata
    // names (eval_dataset), as of the version's creation.
    const evaluations = evaluationsFrom(
      Object.entries(meta).flatMap(([key, value]) =>
        typeof value === 'number'
          ? [
              {
                key,
                value,
                timestamp:
                  Date.parse(current.artifact.createdAt ?? '') || undefined,
              },
            ]
          : [],
      ),
      {
        names: ctx.evaluationMetrics,
        tool: 'wandb',
        dataset: text(meta.eval_dataset),
        runUrl,
      },
    );
    if (evaluations.length) spec.evaluations = evaluations;
    spec.artifact = {
      uri: `wandb-artifact:///${orgEntity}/${registry.name}/${collection}:${version}`,
      ...(fields.digest ? { digest: fields.digest } : {}),
      ...(runUrl && run?.__typename === 'Run' && run.project
        ? {
            runId: `${run.project.entity.name}/${run.project.name}/${run.name}`,
          }
        : {}),
    };
    return registryModelEntity({
      name: collection,
      description: current.artifact.description ?? undefined,
      location: registryUrl,
      source: `wandb:${ctx.registryId}`,
      link: { url: registryUrl, title: 'W&B Registry' },
      runLink: runUrl ? { url: runUrl, title: 'W&B run' } : undefined,
      spec,
    });
  });
}
