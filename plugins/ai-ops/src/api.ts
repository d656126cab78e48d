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
  TeamCostResponse,
} from '@ai-refarch/plugin-ai-ops-common';

/** The cost and SLO back end, as the cards use it. @public */
export interface AiOpsApi {
  /** With `window`, each SLI's good and total requests over it too (windowCounts). */
  getSlos(entity: CompoundEntityRef, window?: CostWindow): Promise<SloResponse>;
  getCost(entity: CompoundEntityRef, window: CostWindow): Promise<CostResponse>;
  /** What the AI models a Group owns cost, and within their SLOs. */
  getTeamCost(
    group: CompoundEntityRef,
    window: CostWindow,
  ): Promise<TeamCostResponse>;
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

  getSlos(entity: CompoundEntityRef, window?: CostWindow) {
    return this.get<SloResponse>(
      `/slo/${AiOpsClient.path(entity)}${window ? `?window=${window}` : ''}`,
    );
  }

  getCost(entity: CompoundEntityRef, window: CostWindow) {
    return this.get<CostResponse>(
      `/cost/${AiOpsClient.path(entity)}?window=${window}`,
    );
  }

  getTeamCost(group: CompoundEntityRef, window: CostWindow) {
    const path = [group.namespace, group.name]
      .map(encodeURIComponent)
      .join('/');
    return this.get<TeamCostResponse>(`/team-cost/${path}?window=${window}`);
  }
}
