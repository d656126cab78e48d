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
