import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  EntityScorecard,
  FailingRuleCount,
  GradeDistribution,
  OverviewQuery as CommonOverviewQuery,
  RuleSet,
  ScorecardHistoryPoint,
  ScorecardSummary,
  StoredScorecard,
  StoredWaiver,
  UnregisteredModelServersResponse,
} from '@ai-refarch/plugin-ai-scorecard-common';

/** @public */
export type {
  FailingRuleCount,
  UnregisteredModelServersResponse,
  GradeDistribution,
  ScorecardHistoryPoint,
  ScorecardSummary,
  StoredScorecard,
  StoredWaiver,
};

/** What a reviewer fills in to waive one rule for one entity. @public */
export type WaiverRequest = {
  entityRef: string;
  ruleId: string;
  reason: string;
  /** ISO 8601 date and time, in the future, at most 366 days away. */
  expiresAt: string;
};

/** The overview's filters, all optional: the back end applies defaults. @public */
export type OverviewQuery = Partial<CommonOverviewQuery>;

/** The scorecard back end, as the pages use it. @public */
export interface AiScorecardApi {
  getScorecard(entity: CompoundEntityRef): Promise<StoredScorecard | undefined>;
  refresh(entity: CompoundEntityRef): Promise<EntityScorecard>;
  getOverview(
    query: OverviewQuery,
  ): Promise<{ items: ScorecardSummary[]; total: number }>;
  getRules(): Promise<RuleSet>;
  getDistribution(
    query: Pick<OverviewQuery, 'kind' | 'owner' | 'system'>,
  ): Promise<GradeDistribution>;
  getHistory(
    entity: CompoundEntityRef,
    days?: number,
  ): Promise<ScorecardHistoryPoint[]>;
  getWaivers(entityRef: string): Promise<StoredWaiver[]>;
  createWaiver(
    waiver: WaiverRequest,
  ): Promise<{ waiver: StoredWaiver; scorecard: EntityScorecard }>;
  deleteWaiver(
    id: number,
  ): Promise<{ waiver: StoredWaiver; scorecard: EntityScorecard }>;
  /** How many graded entities fail each rule, most first. */
  getFailingRules(
    query: Pick<OverviewQuery, 'kind' | 'owner' | 'system'>,
  ): Promise<FailingRuleCount[]>;
  /** Model servers running in clusters that no catalog entity claims. */
  getUnregisteredModelServers(): Promise<UnregisteredModelServersResponse>;
}

/** @public */
export const aiScorecardApiRef = createApiRef<AiScorecardApi>({
  id: 'plugin.ai-scorecard.api',
});

/** The REST client of `@ai-refarch/plugin-ai-scorecard-backend`. @public */
export class AiScorecardClient implements AiScorecardApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const base = await this.options.discoveryApi.getBaseUrl('ai-scorecard');
    return this.options.fetchApi.fetch(`${base}${path}`, init);
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await this.request(path, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  }

  private static path(e: CompoundEntityRef) {
    return [e.kind, e.namespace, e.name].map(encodeURIComponent).join('/');
  }

  async getScorecard(entity: CompoundEntityRef) {
    const res = await this.request(
      `/scorecards/${AiScorecardClient.path(entity)}`,
    );
    if (res.status === 404) return undefined;
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  }

  async refresh(entity: CompoundEntityRef) {
    const { scorecard } = await this.json<{ scorecard: EntityScorecard }>(
      `/scorecards/${AiScorecardClient.path(entity)}/refresh`,
      { method: 'POST' },
    );
    return scorecard;
  }

  async getOverview(query: OverviewQuery) {
    return this.json<{ items: ScorecardSummary[]; total: number }>(
      `/overview?${AiScorecardClient.params(query)}`,
    );
  }

  async getFailingRules(
    query: Pick<OverviewQuery, 'kind' | 'owner' | 'system'>,
  ) {
    const { items } = await this.json<{ items: FailingRuleCount[] }>(
      `/failing-rules?${AiScorecardClient.params(query)}`,
    );
    return items;
  }

  async getUnregisteredModelServers() {
    return this.json<UnregisteredModelServersResponse>(
      '/unregistered-model-servers',
    );
  }

  async getRules() {
    return this.json<RuleSet>('/rules');
  }

  async getDistribution(
    query: Pick<OverviewQuery, 'kind' | 'owner' | 'system'>,
  ) {
    return this.json<GradeDistribution>(
      `/distribution?${AiScorecardClient.params(query)}`,
    );
  }

  async getHistory(entity: CompoundEntityRef, days = 90) {
    const { history } = await this.json<{ history: ScorecardHistoryPoint[] }>(
      `/scorecards/${AiScorecardClient.path(entity)}/history?days=${days}`,
    );
    return history;
  }

  async getWaivers(entityRef: string) {
    const { items } = await this.json<{ items: StoredWaiver[] }>(
      `/waivers?${AiScorecardClient.params({ entityRef })}`,
    );
    return items;
  }

  async createWaiver(waiver: WaiverRequest) {
    return this.json<{ waiver: StoredWaiver; scorecard: EntityScorecard }>(
      '/waivers',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(waiver),
      },
    );
  }

  async deleteWaiver(id: number) {
    return this.json<{ waiver: StoredWaiver; scorecard: EntityScorecard }>(
      `/waivers/${id}`,
      { method: 'DELETE' },
    );
  }

  private static params(query: object): URLSearchParams {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    return params;
  }
}
