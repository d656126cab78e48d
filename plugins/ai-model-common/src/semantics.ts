import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { AI_MODEL_KIND, AIModelEntityV1alpha1 } from './AIModelEntityV1alpha1';

/**
 * Rules that span fields and so are not in the JSON schema. Returns the
 * problems found, each naming its field; an empty list means the entity is
 * consistent.
 *
 * @public
 */
export function findAIModelInconsistencies(
  entity: AIModelEntityV1alpha1,
): string[] {
  const problems: string[] = [];
  const { spec } = entity;
  const namespace = entity.metadata.namespace ?? 'default';

  if (spec.baseModel) {
    try {
      const base = parseEntityRef(spec.baseModel.ref, {
        defaultKind: AI_MODEL_KIND,
        defaultNamespace: namespace,
      });
      if (base.kind.toLocaleLowerCase('en-US') !== 'aimodel') {
        problems.push(
          `spec.baseModel.ref: "${spec.baseModel.ref}" refers to a ${base.kind}, not an AIModel`,
        );
      } else if (
        stringifyEntityRef(base) ===
        stringifyEntityRef({
          kind: AI_MODEL_KIND,
          namespace,
          name: entity.metadata.name,
        })
      ) {
        problems.push(
          'spec.baseModel.ref: a model cannot be derived from itself',
        );
      }
    } catch (e) {
      problems.push(`spec.baseModel.ref: ${(e as Error).message}`);
    }
  }

  const hosted = spec.provider !== 'self-hosted';
  if (spec.serving) {
    if (hosted && spec.serving.runtime !== 'hosted-api') {
      problems.push(
        `spec.serving.runtime: a model from provider "${spec.provider}" is a hosted API, so its runtime must be "hosted-api", not "${spec.serving.runtime}"`,
      );
    }
    if (!hosted && spec.serving.runtime === 'hosted-api') {
      problems.push(
        'spec.serving.runtime: "hosted-api" needs a hosted provider, but spec.provider is "self-hosted"',
      );
    }
  }

  if (
    spec.rollbackVersion !== undefined &&
    spec.rollbackVersion === spec.version
  ) {
    problems.push(
      `spec.rollbackVersion: must be a previous version, not the current one (${spec.version})`,
    );
  }
  if (spec.rollbackArtifact && spec.rollbackVersion === undefined) {
    problems.push(
      'spec.rollbackArtifact: names no version; set spec.rollbackVersion to the version these weights are',
    );
  }
  return problems;
}
