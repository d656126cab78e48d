/**
 * Trace evidence for the AI Reference Architecture scorecard, read from
 * Langfuse, Phoenix and LangSmith.
 *
 * @packageDocumentation
 */
export { aiScorecardModuleTracing as default } from './module';
