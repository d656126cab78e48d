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
  EntityScorecardContent,
} from './plugin';
export { aiScorecardApiRef, AiScorecardClient } from './api';
export { aiScorecardEntityFilter, isAiScorecardAvailable } from './filters';
export type {
  AiScorecardApi,
  OverviewQuery,
  ScorecardHistoryPoint,
  ScorecardSummary,
  StoredScorecard,
  StoredWaiver,
  WaiverRequest,
} from './api';
