import { createRouteRef } from '@backstage/core-plugin-api';

/** The Architecture review page. @public */
export const rootRouteRef = createRouteRef({ id: 'ai-scorecard' });
