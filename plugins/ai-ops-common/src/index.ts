/**
 * Cost and SLO reporting for AI workloads: the SLOs and budget an entity
 * declares, and the reports the back end computes from Prometheus.
 *
 * @packageDocumentation
 */
export * from './slo';
export * from './budget';
export * from './api';
export * from './runtimes';
export * from './promql';
export * from './client';
export * from './evidence';
export {
  ANNOTATION_PROMETHEUS_LABELS,
  ANNOTATION_PROMETHEUS_SOURCE,
  ANNOTATION_RUNTIME,
  ANNOTATION_SCHEDULE,
} from './annotations';
