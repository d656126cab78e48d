/**
 * The annotations the cost and SLO back end and the scorecard's Prometheus
 * evidence read, in one place.
 */

export { ANNOTATION_MONTHLY_BUDGET } from './budget';

/** Which series belong to an entity: `name=value` pairs, comma-separated. @public */
export const ANNOTATION_PROMETHEUS_LABELS = 'ai-refarch.io/prometheus-labels';

/** Which configured Prometheus data source to read; default aiOps.prometheus.default. @public */
export const ANNOTATION_PROMETHEUS_SOURCE = 'ai-refarch.io/prometheus-source';

// The serving runtime of a Component is the model family's annotation.
export { ANNOTATION_RUNTIME } from '@ai-refarch/plugin-ai-model-common';

/** A RAG ingestion pipeline's schedule, a cron line (the RAG golden path sets it). @public */
export const ANNOTATION_SCHEDULE = 'ai-refarch.io/schedule';
