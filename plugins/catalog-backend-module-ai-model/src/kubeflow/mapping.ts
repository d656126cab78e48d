import { Entity } from '@backstage/catalog-model';
import {
  KubeflowArtifact,
  kubeflowPropertyText,
  KubeflowModelVersion,
  KubeflowRegisteredModel,
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
 * How one Kubeflow Model Registry's models become AIModel entities.
 *
 * @public
 */
export type KubeflowMappingContext = {
  registryId: string;
  /** The registry's REST API, for the entities' managed-by location. */
  resourceUrl: (path: string) => string;
  /**
   * The registry's page in the Kubeflow (or Open Data Hub) dashboard, e.g.
   * https://kubeflow.example.com/model-registry/acme; links point there.
   */
  uiUrl?: string;
  /** Version properties that are evaluations (keys, or prefixes ending in `_` or `/`); default `eval_` and `eval/`. */
  evaluationMetrics?: string[];
  defaults: RegistryDefaults;
};

/** The AIModel artifact formats, as the kind's schema names them. */
const FORMATS = new Set([
  'safetensors',
  'gguf',
  'onnx',
  'pytorch',
  'tensorrt',
  'openvino',
]);

/** Pipeline runs, as the spec (`pipelines`) and the dashboard (`kfp`) name their kind. */
const PIPELINE_SOURCES = new Set(['pipelines', 'kfp']);

/** Each registered model's live versions, oldest first. */
export function liveVersionsByModel(
  versions: KubeflowModelVersion[],
): Map<string, KubeflowModelVersion[]> {
  const byModel = new Map<string, KubeflowModelVersion[]>();
  for (const v of versions) {
    if (v.state === 'ARCHIVED') continue;
    const list = byModel.get(v.registeredModelId);
    if (list) list.push(v);
    else byModel.set(v.registeredModelId, [v]);
  }
  for (const list of byModel.values()) {
    list.sort((a, b) => Number(a.id) - Number(b.id));
  }
  return byModel;
}

/**
 * Maps one registered model, its live versions (oldest first) and the
 * current version's artifacts to an AIModel entity; undefined for an
 * archived model or one without a live version.
 *
 * - The current version is the newest live one; the live one before it is
 *   the version to roll back to.
 * - Custom properties of the model and of that version (version first) set
 *   the spec fields the MLflow tags do: owner, type, lifecycle, system,
 *   data_classification, license, runtime, parameters, digest, …
 * - Lineage: `base_model` (an AIModel entity ref; `base_model_relation`,
 *   default finetune) becomes spec.baseModel; the pipeline run the model
 *   artifact came from (modelSourceKind kfp or pipelines) its runId; the
 *   version's dataset artifacts its datasets, as Resource refs named after
 *   them.
 */
export function toAIModelEntity(
  model: KubeflowRegisteredModel,
  live: KubeflowModelVersion[],
  artifacts: { current: KubeflowArtifact[]; previous: KubeflowArtifact[] },
  ctx: KubeflowMappingContext,
): Entity | undefined {
  if (model.state === 'ARCHIVED') return undefined;
  const current = live.at(-1);
  if (!current) return undefined;
  const previous = live.at(-2);
  const property = (key: string) =>
    kubeflowPropertyText(current.customProperties, key) ??
    kubeflowPropertyText(model.customProperties, key);
  const fields = fieldsFromProperties(property);
  if (fields.license === undefined && model.license) {
    fields.license = model.license;
  }

  const weights = artifacts.current.find(
    a => a.artifactType === 'model-artifact',
  );
  const datasets = artifacts.current
    .filter(a => a.artifactType === 'dataset-artifact' && a.name)
    .map(a => `resource:default/${entityName(a.name)}`);

  const modelUrl = ctx.uiUrl
    ? `${ctx.uiUrl.replace(/\/$/, '')}/registeredModels/${model.id}`
    : undefined;
  const versionUrl = modelUrl && `${modelUrl}/versions/${current.id}`;
  const spec: Record<string, unknown> = {
    ...commonSpec(fields, ctx.defaults),
    version: current.name,
    registry: {
      type: 'kubeflow',
      name: model.name,
      version: current.name,
      ...(versionUrl ? { url: versionUrl } : {}),
    },
  };
  if (previous) {
    spec.rollbackVersion = previous.name;
    // What a rollback deploys: the previous version's weights, when they are
    // pinned by digest (on the artifact, or on that version).
    const before = artifacts.previous.find(
      a => a.artifactType === 'model-artifact',
    );
    const digest =
      kubeflowPropertyText(before?.customProperties, 'digest') ??
      fieldsFromProperties(key =>
        kubeflowPropertyText(previous.customProperties, key),
      ).digest;
    if (before?.uri && digest) {
      spec.rollbackArtifact = { uri: before.uri, digest };
    }
  }
  const baseModel = property('base_model');
  if (baseModel) {
    spec.baseModel = {
      ref: baseModel,
      relation: property('base_model_relation') ?? 'finetune',
    };
  }
  if (datasets.length) spec.datasets = [...new Set(datasets)];
  // The version's numeric properties named as evaluations, on the dataset
  // registered with it, as of the version's last update.
  const evaluations = evaluationsFrom(
    Object.entries(current.customProperties ?? {}).flatMap(([key, v]) => {
      const value =
        v.metadataType === 'MetadataDoubleValue'
          ? v.double_value
          : v.metadataType === 'MetadataIntValue' && Number(v.int_value);
      return typeof value === 'number'
        ? [
            {
              key,
              value,
              timestamp: Number(current.lastUpdateTimeSinceEpoch) || undefined,
            },
          ]
        : [];
    }),
    {
      names: ctx.evaluationMetrics,
      tool: 'kubeflow',
      dataset: artifacts.current.find(
        a => a.artifactType === 'dataset-artifact',
      )?.name,
    },
  );
  if (evaluations.length) spec.evaluations = evaluations;
  if (weights?.uri) {
    const format = weights.modelFormatName?.toLocaleLowerCase('en-US');
    const runId =
      weights.modelSourceKind && PIPELINE_SOURCES.has(weights.modelSourceKind)
        ? weights.modelSourceId
        : undefined;
    const digest =
      kubeflowPropertyText(weights.customProperties, 'digest') ?? fields.digest;
    spec.artifact = {
      uri: weights.uri,
      ...(format && FORMATS.has(format) ? { format } : {}),
      ...(digest ? { digest } : {}),
      ...(runId ? { runId } : {}),
    };
  }

  return registryModelEntity({
    name: model.name,
    description: model.description || current.description,
    location: ctx.resourceUrl(`registered_models/${model.id}`),
    source: `kubeflow:${ctx.registryId}`,
    link: versionUrl
      ? { url: versionUrl, title: 'Kubeflow Model Registry' }
      : undefined,
    spec,
  });
}
