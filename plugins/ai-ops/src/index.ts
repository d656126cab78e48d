/**
 * Cost and SLO cards for AI services and models, computed from Prometheus
 * by `@ai-refarch/plugin-ai-ops-backend`.
 *
 * @packageDocumentation
 */
export {
  aiOpsPlugin,
  EntityCostCard,
  EntitySloCard,
  EntityTeamCostCard,
} from './plugin';
export { aiOpsApiRef, AiOpsClient } from './api';
export {
  aiOpsCostEntityFilter,
  aiOpsSloEntityFilter,
  aiOpsTeamCostEntityFilter,
  isAiOpsCostAvailable,
  isAiOpsSloAvailable,
} from './filters';
export type { AiOpsApi } from './api';
