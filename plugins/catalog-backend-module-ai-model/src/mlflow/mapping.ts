import { Entity } from '@backstage/catalog-model';
import {
  MlflowModelVersion,
  MlflowRegisteredModel,
  MlflowRun,
} from '@ai-refarch/plugin-ai-model-common';
import {
  commonSpec,
  entityName,
  evaluationsFrom,
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
  /**
   * Metrics of the version's run that are evaluations: a key, or a prefix
   * ending in `_` or `/` (default `eval_` and `eval/`, as Hugging Face's
   * Trainer and most evaluation loops name them).
   */
  evaluationMetrics?: string[];
  defaults: RegistryDefaults;
};

/** The version an AIModel shows: the one behind the alias, else the newest. */
export function currentVersion(
  model: MlflowRegisteredModel,
  versions: MlflowModelVersion[],
  preferredAlias: string,
): { current?: MlflowModelVersion; previous?: MlflowModelVersion } {
  const sorted = versions
    .filter(v => v.name === model.name)
    .sort((a, b) => Number(b.version) - Number(a.version));
  const aliased = model.aliases?.find(a => a.alias === preferredAlias)?.version;
  const current = sorted.find(v => v.version === aliased) ?? sorted[0];
  const previous =
    current && sorted.find(v => Number(v.version) < Number(current.version));
  return { current, previous };
}

/**
 * What the version's run says: its evaluations (the metrics named as
 * evaluations, on the dataset it logged for evaluation, dated), the
 * datasets it trained on, and its page.
 */
function fromRun(run: MlflowRun, ctx: MappingContext) {
  const runUrl = `${ctx.baseUrl.replace(/\/$/, '')}/#/experiments/${
    run.info.experiment_id ?? '0'
  }/runs/${run.info.run_id}`;
  const inputs = run.inputs?.dataset_inputs ?? [];
  const context = (i: (typeof inputs)[number]) =>
    i.tags?.find(t => t.key === 'mlflow.data.context')?.value;
  const evaluationSet = inputs.find(i => context(i) === 'evaluation')?.dataset
    .name;
  const evaluations = evaluationsFrom(run.data?.metrics ?? [], {
    names: ctx.evaluationMetrics,
    tool: 'mlflow',
    dataset: evaluationSet,
    runUrl,
  });
  const datasets = inputs
    .filter(i => context(i) === 'training')
    .map(i => `resource:default/${entityName(i.dataset.name)}`);
  return { runUrl, evaluations, datasets: [...new Set(datasets)] };
}

/**
 * Maps one registered model to an AIModel entity. The entity shows the
 * version `currentVersion` chose (behind `preferredAlias`, or the newest),
 * keeps the version before it as the rollback target, and copies the
 * model's and that version's tags. Tag values are copied as they are: a bad one fails the
 * kind's validation with a message naming the field, instead of vanishing.
 */
export function toAIModelEntity(
  model: MlflowRegisteredModel,
  { current, previous }: ReturnType<typeof currentVersion>,
  ctx: MappingContext,
  run?: MlflowRun,
): Entity | undefined {
  if (!current) return undefined;

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
  if (previous) {
    spec.rollbackVersion = previous.version;
    // What a rollback deploys: the previous version's weights, when its own
    // tags pin them by digest (the model's tags describe the current one).
    const digest = fieldsFromProperties(
      key => previous.tags?.find(t => t.key === key)?.value,
    ).digest;
    if (previous.source && digest) {
      spec.rollbackArtifact = { uri: previous.source, digest };
    }
  }
  if (current.source) {
    spec.artifact = {
      uri: current.source,
      ...(current.run_id ? { runId: current.run_id } : {}),
      ...(fields.digest ? { digest: fields.digest } : {}),
    };
  }
  const fromTheRun = run && fromRun(run, ctx);
  if (fromTheRun?.evaluations.length) {
    spec.evaluations = fromTheRun.evaluations;
  }
  if (fromTheRun?.datasets.length) spec.datasets = fromTheRun.datasets;

  return registryModelEntity({
    name: model.name,
    description: model.description || current.description,
    location: modelUrl,
    source: `mlflow:${ctx.registryId}`,
    link: {
      url: `${modelUrl}/versions/${current.version}`,
      title: 'MLflow registry',
    },
    runLink: fromTheRun && { url: fromTheRun.runUrl, title: 'MLflow run' },
    spec,
  });
}
