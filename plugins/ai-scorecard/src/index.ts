/**
 * The architecture scorecard: the Architecture review page and the
 * scorecard card.
 *
 * @packageDocumentation
 */
export {
  aiScorecardPlugin,
  ArchitectureReviewPage,
  EntityScorecardCard,
} from './plugin';
export { aiScorecardApiRef, AiScorecardClient } from './api';
export type {
  AiScorecardApi,
  OverviewQuery,
  ScorecardSummary,
  StoredScorecard,
} from './api';
