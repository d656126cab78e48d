import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  CostResponse,
  CostWindow,
  EVIDENCE_MAX_ENTITIES,
  EvidenceResponse,
  SloResponse,
  TeamCostResponse,
} from './api';

/**
 * Per request: a token to send (a back end's plugin-to-plugin token; a
 * front end's FetchApi adds the user's itself). @public
 */
export type AiOpsRequestOptions = { token?: string };

/** The ai-ops back end's REST API. @public */
export interface AiOpsApi {
  /** With `window`, each SLI's good and total requests over it too (windowCounts). */
  getSlos(
    entity: CompoundEntityRef,
    window?: CostWindow,
    options?: AiOpsRequestOptions,
  ): Promise<SloResponse>;
  getCost(
    entity: CompoundEntityRef,
    window: CostWindow,
    options?: AiOpsRequestOptions,
  ): Promise<CostResponse>;
  /** What the AI models a Group owns cost, and within their SLOs. */
  getTeamCost(
    group: CompoundEntityRef,
    window: CostWindow,
    options?: AiOpsRequestOptions,
  ): Promise<TeamCostResponse>;
  /**
   * What the scorecard grades of these entities (full refs), asked for in
   * requests of up to EVIDENCE_MAX_ENTITIES; items in the order asked.
   */
  getEvidence(
    entityRefs: string[],
    options?: AiOpsRequestOptions,
  ): Promise<EvidenceResponse>;
}

/**
 * The REST client of `@ai-refarch/plugin-ai-ops-backend`, for front ends
 * (with the DiscoveryApi and FetchApi) and back ends (with the discovery
 * service and a token per request) alike. @public
 */
export class AiOpsClient implements AiOpsApi {
  private readonly fetch: typeof fetch;

  constructor(
    private readonly options: {
      discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
      fetchApi?: { fetch: typeof fetch };
    },
  ) {
    this.fetch = options.fetchApi
      ? options.fetchApi.fetch.bind(options.fetchApi)
      : fetch;
  }

  private async call<T>(
    path: string,
    options: AiOpsRequestOptions | undefined,
    init: RequestInit = {},
  ): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('ai-ops');
    const headers = new Headers(init.headers);
    if (options?.token) headers.set('Authorization', `Bearer ${options.token}`);
    const res = await this.fetch(`${base}${path}`, { ...init, headers });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  private static path(e: CompoundEntityRef) {
    return [e.kind, e.namespace, e.name].map(encodeURIComponent).join('/');
  }

  getSlos(
    entity: CompoundEntityRef,
    window?: CostWindow,
    options?: AiOpsRequestOptions,
  ) {
    return this.call<SloResponse>(
      `/slo/${AiOpsClient.path(entity)}${window ? `?window=${window}` : ''}`,
      options,
    );
  }

  getCost(
    entity: CompoundEntityRef,
    window: CostWindow,
    options?: AiOpsRequestOptions,
  ) {
    return this.call<CostResponse>(
      `/cost/${AiOpsClient.path(entity)}?window=${window}`,
      options,
    );
  }

  getTeamCost(
    group: CompoundEntityRef,
    window: CostWindow,
    options?: AiOpsRequestOptions,
  ) {
    const path = [group.namespace, group.name]
      .map(encodeURIComponent)
      .join('/');
    return this.call<TeamCostResponse>(
      `/team-cost/${path}?window=${window}`,
      options,
    );
  }

  async getEvidence(
    entityRefs: string[],
    options?: AiOpsRequestOptions,
  ): Promise<EvidenceResponse> {
    const items: EvidenceResponse['items'] = [];
    for (let i = 0; i < entityRefs.length; i += EVIDENCE_MAX_ENTITIES) {
      const page = await this.call<EvidenceResponse>('/evidence', options, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          entityRefs: entityRefs.slice(i, i + EVIDENCE_MAX_ENTITIES),
        }),
      });
      items.push(...page.items);
    }
    return { items };
  }
}
