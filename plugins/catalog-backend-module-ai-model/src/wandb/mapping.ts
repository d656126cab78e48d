import { Entity } from '@backstage/catalog-model';
import {
  commonSpec,
  fieldsFromProperties,
  RegistryDefaults,
  registryModelEntity,
} from '../registry/fields';
import {
  WANDB_REGISTRY_PREFIX,
  WandbRegistry,
  WandbRegistryVersion,
} from './WandbRegistryClient';

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
  defaults: RegistryDefaults;
};

/** A metadata value as text: strings as they are, numbers and booleans written out. */
function metadataOf(version: WandbRegistryVersion): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(version.artifact.metadata || '{}');
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object') return {};
  return Object.fromEntries(
    Object.entries(parsed)
      .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
      .map(([k, v]) => [k, String(v)]),
  );
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
    const fields = fieldsFromProperties(key => meta[key]);
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
    if (previous) spec.rollbackVersion = `v${previous.versionIndex}`;
    if (meta.base_model) {
      spec.baseModel = {
        ref: meta.base_model,
        relation: meta.base_model_relation ?? 'finetune',
      };
    }
    const run = current.artifact.createdBy;
    spec.artifact = {
      uri: `wandb-artifact:///${orgEntity}/${registry.name}/${collection}:${version}`,
      ...(fields.digest ? { digest: fields.digest } : {}),
      ...(run?.__typename === 'Run' && run.name && run.project
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
      spec,
    });
  });
}
