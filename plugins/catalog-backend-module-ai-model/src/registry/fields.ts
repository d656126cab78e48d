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
