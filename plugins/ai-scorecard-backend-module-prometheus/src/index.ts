/**
 * Prometheus evidence for the AI Reference Architecture scorecard.
 *
 * @packageDocumentation
 */
export { aiScorecardModulePrometheus as default } from './module';
export { PrometheusFactCollector } from './PrometheusFactCollector';
