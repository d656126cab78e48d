import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  CostResponse,
  CostWindow,
  SloResponse,
} from '@ai-refarch/plugin-ai-ops-common';

/** The cost and SLO back end, as the cards use it. @public */
export interface AiOpsApi {
  getSlos(entity: CompoundEntityRef): Promise<SloResponse>;
  getCost(entity: CompoundEntityRef, window: CostWindow): Promise<CostResponse>;
}

/** @public */
export const aiOpsApiRef = createApiRef<AiOpsApi>({ id: 'plugin.ai-ops.api' });

/** The REST client of `@ai-refarch/plugin-ai-ops-backend`. @public */
export class AiOpsClient implements AiOpsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  private async get<T>(path: string): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('ai-ops');
    const res = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  }

  private static path(e: CompoundEntityRef) {
    return [e.kind, e.namespace, e.name].map(encodeURIComponent).join('/');
  }

  getSlos(entity: CompoundEntityRef) {
    return this.get<SloResponse>(`/slo/${AiOpsClient.path(entity)}`);
  }

  getCost(entity: CompoundEntityRef, window: CostWindow) {
    return this.get<CostResponse>(
      `/cost/${AiOpsClient.path(entity)}?window=${window}`,
    );
  }
}
