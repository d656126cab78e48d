import { Entity } from '@backstage/catalog-model';
import {
  AI_MODEL_API_VERSION,
  AI_MODEL_KIND,
  ANNOTATION_REGISTRY_SOURCE,
} from '@ai-refarch/plugin-ai-model-common';

/**
 * Values for AIModel fields that a registry does not hold.
 *
 * @public
 */
export type RegistryDefaults = {
  owner: string;
  type?: string;
  lifecycle?: string;
  system?: string;
  dataClassification?: string;
};

/**
 * Registry properties (MLflow tags, Kubeflow custom properties) that become
 * AIModel spec fields, by property key.
 */
const PROPERTY_FIELDS: Record<string, string> = {
  owner: 'owner',
  type: 'type',
  lifecycle: 'lifecycle',
  system: 'system',
  provider: 'provider',
  license: 'license',
  data_classification: 'dataClassification',
  family: 'family',
  precision: 'precision',
  runtime: 'runtime',
  parameters: 'parameters',
  context_window: 'contextWindow',
  digest: 'digest',
  features: 'features',
};

const NUMERIC = new Set(['parameters', 'contextWindow']);

/**
 * The spec fields a registry's properties set, by field name. Values are
 * copied as they are (whole numbers as numbers where the field is one): a
 * bad one fails the kind's validation with a message naming the field,
 * instead of vanishing.
 */
export function fieldsFromProperties(
  property: (key: string) => string | undefined,
): Record<string, string | number> {
  const fields: Record<string, string | number> = {};
  for (const [key, field] of Object.entries(PROPERTY_FIELDS)) {
    const value = property(key);
    if (value === undefined) continue;
    fields[field] =
      NUMERIC.has(field) && /^\d+$/.test(value) ? Number(value) : value;
  }
  return fields;
}

/**
 * The AIModel spec fields every registry sets alike: type, lifecycle, owner,
 * provider, data classification and system from the properties or the
 * defaults, and the optional descriptive fields the properties hold.
 */
export function commonSpec(
  fields: Record<string, string | number>,
  defaults: RegistryDefaults,
): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    type: fields.type ?? defaults.type ?? 'llm',
    lifecycle: fields.lifecycle ?? defaults.lifecycle ?? 'experimental',
    owner: fields.owner ?? defaults.owner,
    provider: fields.provider ?? 'self-hosted',
    dataClassification:
      fields.dataClassification ?? defaults.dataClassification ?? 'internal',
  };
  const system = fields.system ?? defaults.system;
  if (system) spec.system = system;
  for (const field of [
    'license',
    'family',
    'precision',
    'parameters',
    'contextWindow',
  ]) {
    if (fields[field] !== undefined) spec[field] = fields[field];
  }
  if (fields.runtime) spec.serving = { runtime: fields.runtime };
  // The feature store Resources the model reads, comma-separated refs.
  if (typeof fields.features === 'string') {
    spec.features = fields.features
      .split(',')
      .map(ref => ref.trim())
      .filter(Boolean);
  }
  return spec;
}

/** Registry names allow spaces, dots and slashes; catalog names do not. */
export function entityName(registryName: string): string {
  const name = registryName
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return name || 'unnamed-model';
}

/**
 * An AIModel as a registry provider emits it: named after the registry's
 * model (catalog-safe, the registry's name kept as title), managed by the
 * registry's URL, annotated with the registry it came from.
 */
export function registryModelEntity(model: {
  name: string;
  description?: string;
  /** The URL the entity is managed by. */
  location: string;
  /** `<registry type>:<registry id>` */
  source: string;
  link?: { url: string; title: string };
  /** The run that produced the current version, where the registry says. */
  runLink?: { url: string; title: string };
  spec: Record<string, unknown>;
}): Entity {
  const links = [model.link, model.runLink].filter(
    (l): l is { url: string; title: string } => l !== undefined,
  );
  return {
    apiVersion: AI_MODEL_API_VERSION,
    kind: AI_MODEL_KIND,
    metadata: {
      name: entityName(model.name),
      title: model.name,
      description: model.description || undefined,
      annotations: {
        'backstage.io/managed-by-location': `url:${model.location}`,
        'backstage.io/managed-by-origin-location': `url:${model.location}`,
        [ANNOTATION_REGISTRY_SOURCE]: model.source,
      },
      ...(links.length ? { links } : {}),
    },
    spec: model.spec as Entity['spec'],
  };
}

/** Metric names that are evaluations when a registry sets none. */
const DEFAULT_EVALUATION_METRICS = ['eval_', 'eval/'];

/**
 * The metrics a registry recorded for a version that are evaluations (a key
 * named in `names`, or starting with one that ends in `_` or `/`), as
 * AIModel evaluations of `tool` on `dataset`, dated, linked to the run.
 */
export function evaluationsFrom(
  metrics: { key: string; value: number; timestamp?: number }[],
  from: {
    names?: string[];
    tool: string;
    dataset?: string;
    runUrl?: string;
  },
) {
  const names = from.names ?? DEFAULT_EVALUATION_METRICS;
  return metrics
    .filter(m =>
      names.some(n => (/[_/]$/.test(n) ? m.key.startsWith(n) : m.key === n)),
    )
    .map(m => ({
      tool: from.tool,
      dataset: from.dataset ?? 'not logged with the run',
      metric: m.key,
      value: m.value,
      ...(m.timestamp
        ? { date: new Date(m.timestamp).toISOString().slice(0, 10) }
        : {}),
      ...(from.runUrl ? { runUrl: from.runUrl } : {}),
    }));
}
