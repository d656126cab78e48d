import { createRouteRef } from '@backstage/core-plugin-api';

/** The model catalog page. @public */
export const rootRouteRef = createRouteRef({ id: 'ai-model' });
