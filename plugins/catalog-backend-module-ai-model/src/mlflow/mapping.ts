import { Entity } from '@backstage/catalog-model';
import {
  MlflowModelVersion,
  MlflowRegisteredModel,
} from '@ai-refarch/plugin-ai-model-common';
import {
  commonSpec,
  fieldsFromProperties,
  RegistryDefaults,
  registryModelEntity,
} from '../registry/fields';

/**
 * How one MLflow registry's models become AIModel entities: the registry,
 * the preferred alias and the defaults for fields the registry does not hold.
 *
 * @public
 */
export type MappingContext = {
  registryId: string;
  baseUrl: string;
  preferredAlias: string;
  defaults: RegistryDefaults;
};

/**
 * Maps one registered model and its versions to an AIModel entity. The
 * entity shows the version behind `preferredAlias` (or the newest), keeps the
 * version before it as the rollback target, and copies the model's and that
 * version's tags. Tag values are copied as they are: a bad one fails the
 * kind's validation with a message naming the field, instead of vanishing.
 */
export function toAIModelEntity(
  model: MlflowRegisteredModel,
  versions: MlflowModelVersion[],
  ctx: MappingContext,
): Entity | undefined {
  const sorted = versions
    .filter(v => v.name === model.name)
    .sort((a, b) => Number(b.version) - Number(a.version));
  const aliased = model.aliases?.find(
    a => a.alias === ctx.preferredAlias,
  )?.version;
  const current = sorted.find(v => v.version === aliased) ?? sorted[0];
  if (!current) return undefined;
  const previous = sorted.find(
    v => Number(v.version) < Number(current.version),
  );

  const tags: Record<string, string> = {};
  for (const t of [...(model.tags ?? []), ...(current.tags ?? [])])
    tags[t.key] = t.value;
  const fields = fieldsFromProperties(key => tags[key]);

  const modelUrl = `${ctx.baseUrl.replace(
    /\/$/,
    '',
  )}/#/models/${encodeURIComponent(model.name)}`;
  const spec: Record<string, unknown> = {
    ...commonSpec(fields, ctx.defaults),
    version: current.version,
    registry: {
      type: 'mlflow',
      name: model.name,
      version: current.version,
      url: `${modelUrl}/versions/${current.version}`,
    },
  };
  const aliases = (model.aliases ?? [])
    .filter(a => a.version === current.version)
    .map(a => a.alias);
  if (aliases.length) spec.aliases = aliases;
  if (previous) spec.rollbackVersion = previous.version;
  if (current.source) {
    spec.artifact = {
      uri: current.source,
      ...(current.run_id ? { runId: current.run_id } : {}),
      ...(fields.digest ? { digest: fields.digest } : {}),
    };
  }

  return registryModelEntity({
    name: model.name,
    description: model.description || current.description,
    location: modelUrl,
    source: `mlflow:${ctx.registryId}`,
    link: {
      url: `${modelUrl}/versions/${current.version}`,
      title: 'MLflow registry',
    },
    spec,
  });
}
