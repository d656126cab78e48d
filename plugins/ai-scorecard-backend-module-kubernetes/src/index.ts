/**
 * Live Kubernetes evidence for the AI Reference Architecture scorecard.
 *
 * @packageDocumentation
 */
export { aiScorecardModuleKubernetes as default } from './module';
