/**
 * The AI Reference Architecture scorecard back end.
 *
 * @packageDocumentation
 */
export { aiScorecardPlugin as default } from './plugin';
