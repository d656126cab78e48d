import { Entity } from '@backstage/catalog-model';

/**
 * Relations that the AIModel kind adds to the catalog. Each comes with its
 * reverse; the catalog module emits both directions.
 */

/** A Component serves an AIModel. @public */
export const RELATION_SERVES = 'serves';
/** An AIModel is served by a Component. @public */
export const RELATION_SERVED_BY = 'servedBy';
/** An AIModel is derived from a base AIModel. @public */
export const RELATION_DERIVED_FROM = 'derivedFrom';
/** A base AIModel has a derived AIModel. @public */
export const RELATION_HAS_DERIVATIVE = 'hasDerivative';
/** An AIModel was trained on a dataset Resource. @public */
export const RELATION_TRAINED_ON = 'trainedOn';
/** A dataset Resource trained an AIModel. @public */
export const RELATION_TRAINING_DATA_FOR = 'trainingDataFor';

/**
 * The Components an entity is related to by any of the relation types (for
 * an AIModel: `servedBy` for its servers, `dependencyOf` for its callers),
 * each once, sorted. @public
 */
export function relatedComponentRefs(
  entity: Entity,
  ...types: string[]
): string[] {
  return [
    ...new Set(
      (entity.relations ?? [])
        .filter(
          r => types.includes(r.type) && r.targetRef.startsWith('component:'),
        )
        .map(r => r.targetRef),
    ),
  ].sort();
}
