import { createApiRef } from '@backstage/core-plugin-api';
import { AiOpsApi, AiOpsClient } from '@ai-refarch/plugin-ai-ops-common';

// The client lives in the common package, for front and back ends alike
// (the scorecard's Prometheus facts use it); exported here as before.
export type { AiOpsApi };
export { AiOpsClient };

/** @public */
export const aiOpsApiRef = createApiRef<AiOpsApi>({ id: 'plugin.ai-ops.api' });
