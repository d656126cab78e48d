/**
 * Cost and SLO reports for AI services and models, computed from Prometheus.
 *
 * @packageDocumentation
 */
export { aiOpsPlugin as default } from './plugin';
