import {
  BackstageCredentials,
  CacheService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_SERVES_MODELS,
  parseServedModelRefs,
  RELATION_SERVED_BY,
  relatedComponentRefs,
} from '@ai-refarch/plugin-ai-model-common';
import {
  AlertingResponse,
  ANNOTATION_MONTHLY_BUDGET,
  CostReport,
  CostResponse,
  CostWindow,
  costWindowSeconds,
  DataSource,
  EntityEvidence,
  eq,
  EvidenceResponse,
  evidenceParts,
  FreshnessResponse,
  LoadedAlert,
  parseMonthlyBudget,
  parseSlos,
  selector,
  SloEvidence,
  SloResponse,
  SloSpec,
  SliType,
  SpecError,
  TeamCostResponse,
} from '@ai-refarch/plugin-ai-ops-common';
import { AiOpsConfig, SourceConfig } from '../config';
import { TraceBackend } from '@ai-refarch/plugin-ai-scorecard-node';

const COST_WINDOW_TEXT: Record<CostWindow, string> = {
  '1h': 'in the last hour',
  '1d': 'in the last day',
  '7d': 'in the last 7 days',
  '28d': 'in the last 28 days',
  '30d': 'in the last 30 days',
  month: 'since the 1st of the month',
};
import {
  CalledModels,
  CostService,
  HostedModel,
  ServedModel,
} from './CostService';
import { DayCachedPrometheus } from './prometheus/DayCachedPrometheus';
import {
  AlertingRule,
  PrometheusApi,
  PrometheusClient,
} from './prometheus/PrometheusClient';
import { SloProblem, SloService } from './SloService';
import { FleetEvidence } from './evidence';
import { resolveTarget, Target } from './targets';
import { teamCostReport } from './teamCost';

const ENTITY_TTL_MS = 60_000;
/** The window of the evidence's GPU idle share and exported series. */
const EVIDENCE_DAYS = 7;
const UNMEASURED = { attainment: null, status: 'no-data' as const, total: 0 };

const NOT_CONFIGURED =
  "No Prometheus data source is configured: add one under aiOps.prometheus.sources in app-config (its URL, and the metric and label names where they differ from kube-state-metrics', DCGM's and the runtimes' defaults); with more than one source, aiOps.prometheus.default or an ai-refarch.io/prometheus-source annotation per entity says which to read.";

/**
 * Answers the cost and SLO endpoints: reads the entity from the catalog with
 * the caller's credentials, resolves its series, computes from Prometheus,
 * and caches the answer (entity etag in the key, so an edited entity is
 * recomputed).
 */
export class AiOpsService {
  private readonly clients = new Map<string, PrometheusApi>();
  /** Fleet answers shared by the pages of a grading run (FleetEvidence). */
  private readonly memos = new Map<
    string,
    { expires: number; value: Promise<unknown>; computedAt: number }
  >();

  constructor(
    private readonly options: {
      config: AiOpsConfig;
      prices: ConstructorParameters<typeof CostService>[1];
      catalog: CatalogService;
      cache: CacheService;
      /** Trace back ends (aiScorecard.tracing): the scores of quality SLOs from tracing. */
      traceBackends?: TraceBackend[];
    },
  ) {}

  /** The SLOs of `entity`, computed from `source`'s Prometheus and its trace back end. */
  private sloService(source: SourceConfig, entity: Entity) {
    return new SloService(this.client(source), {
      entity,
      backends: this.options.traceBackends ?? [],
    });
  }

  private client(source: SourceConfig): PrometheusApi {
    let client: PrometheusApi | undefined = this.clients.get(source.id);
    if (!client) {
      client = new PrometheusClient({
        id: source.id,
        baseUrl: source.baseUrl,
        displayUrl: source.displayUrl,
        headers: source.headers,
        timeoutMs: source.timeoutMs,
      });
      const { dayCache } = this.options.config;
      if (dayCache.maxPoints > 0) {
        client = new DayCachedPrometheus(client, dayCache);
      }
      this.clients.set(source.id, client);
    }
    return client;
  }

  /**
   * The entity as the caller may see it. Remembered per caller for a minute:
   * a cached report still needs the caller's right to read the entity, but
   * not a catalog round trip on every card load.
   */
  private async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const p = credentials.principal as {
      type: string;
      userEntityRef?: string;
      subject?: string;
    };
    const who = p.userEntityRef ?? p.subject ?? p.type;
    // A missing entity is not remembered: it may be registered any moment.
    return this.cached(
      `entity:${who}:${entityRef}`,
      async () => {
        const entity = await this.options.catalog.getEntityByRef(entityRef, {
          credentials,
        });
        if (!entity) {
          throw new NotFoundError(`${entityRef} is not in the catalog`);
        }
        return entity;
      },
      ENTITY_TTL_MS,
    );
  }

  private async cached<T>(
    key: string,
    compute: () => Promise<T>,
    ttl = this.options.config.cacheTtlMs,
  ): Promise<T> {
    const hit = await this.options.cache.get<string>(key);
    if (hit !== undefined) return JSON.parse(hit) as T;
    const value = await compute();
    await this.options.cache.set(key, JSON.stringify(value), { ttl });
    return value;
  }

  /**
   * An answer kept in this process for the cache TTL, parsed and indexed,
   * and shared by requests that ask while it is computed: the evidence of
   * all of a source's entities serves each page of a grading run. A failed
   * answer is not kept.
   */
  private memo<T>(
    key: string,
    compute: () => Promise<T>,
    /** The time the answer is as of. */
    asOf: number,
  ): { value: Promise<T>; computedAt: number } {
    const now = Date.now();
    for (const [k, m] of this.memos) if (m.expires <= now) this.memos.delete(k);
    const hit = this.memos.get(key);
    if (hit) return hit as { value: Promise<T>; computedAt: number };
    const entry = {
      expires: now + this.options.config.cacheTtlMs,
      value: compute(),
      computedAt: asOf,
    };
    this.memos.set(key, entry);
    entry.value.catch(() => this.memos.delete(key));
    return entry;
  }

  private static source(source: SourceConfig): DataSource {
    return { id: source.id, title: source.title, demo: source.demo };
  }

  async slos(
    entityRef: string,
    credentials: BackstageCredentials,
    at?: Date,
    window?: CostWindow,
  ): Promise<SloResponse> {
    const entity = await this.entity(entityRef, credentials);
    const { slos, errors } = parseSlos(entity);
    if (!slos.length && !errors.length) {
      return {
        status: 'no-slos',
        entityRef,
        message:
          'This entity declares no SLOs: add spec.slos (README, "Declaring SLOs") for availability, time to first token, inter-token latency or quality.',
      };
    }
    const anyTarget = resolveTarget(entity, this.options.config);
    if (!anyTarget) {
      return { status: 'not-configured', entityRef, message: NOT_CONFIGURED };
    }
    return this.cached(
      `slo:${entityRef}:${window ?? ''}:${at?.toISOString() ?? 'now'}:${
        entity.metadata.etag ?? JSON.stringify(entity.spec)
      }`,
      async () => {
        const now = at ?? new Date();
        const problems: SpecError[] = [...errors];
        const service = this.sloService(anyTarget.source, entity);
        const [latency, reports] = await Promise.all([
          service.latency(anyTarget, now),
          Promise.all(
            slos.map(async (slo, i) => {
              try {
                const target = resolveTarget(
                  entity,
                  this.options.config,
                  slo.indicator.runtime,
                )!;
                return await service.compute(slo, target, now, window);
              } catch (error) {
                if (
                  error instanceof SloProblem ||
                  error instanceof InputError
                ) {
                  problems.push({
                    field: `spec.slos[${i}]`,
                    message: `${slo.name}: ${error.message}`,
                  });
                  return null;
                }
                throw error;
              }
            }),
          ),
        ]);
        return {
          status: 'ok' as const,
          entityRef,
          source: AiOpsService.source(anyTarget.source),
          slos: reports.filter(r => r !== null),
          latency,
          problems,
          computedAt: now.toISOString(),
        };
      },
    );
  }

  async cost(
    entityRef: string,
    window: CostWindow,
    credentials: BackstageCredentials,
    at?: Date,
  ): Promise<CostResponse> {
    const entity = await this.entity(entityRef, credentials);
    const target = resolveTarget(entity, this.options.config);
    if (!target) {
      return { status: 'not-configured', entityRef, message: NOT_CONFIGURED };
    }
    const budgetAnnotation =
      entity.metadata.annotations?.[ANNOTATION_MONTHLY_BUDGET];
    let budget = null;
    if (budgetAnnotation !== undefined) {
      try {
        budget = parseMonthlyBudget(budgetAnnotation);
      } catch (error) {
        throw new InputError(`annotation ${(error as Error).message}`);
      }
    }
    return this.cached(
      `cost:${entityRef}:${window}:${at?.toISOString() ?? 'now'}:${
        entity.metadata.etag ?? JSON.stringify(entity.metadata)
      }`,
      async () => {
        const now = at ?? new Date();
        const seconds = costWindowSeconds(window, now);
        // The SLOs' request counts do not depend on the cost: asked for at once.
        const sloCounts = this.sloCounts(entity, target, seconds, now);
        // Asked of the catalog while Prometheus answers for the entity's own series.
        const models = this.calledModels(entity, credentials);
        // Each is awaited below only on some paths: not unhandled rejections.
        sloCounts.catch(() => undefined);
        models.catch(() => undefined);
        const cost = await new CostService(
          this.client(target.source),
          this.options.prices,
          this.options.config.currency,
        ).compute({
          target,
          models,
          budget,
          window,
          now,
        });
        if (cost && (await models).served.some(m => m.whole)) {
          cost.hostedAlternatives = await this.hostedAlternatives(
            entity,
            cost,
            credentials,
          );
        }
        if (cost)
          cost.withinSlo = AiOpsService.withinSlo(cost, await sloCounts);
        if (!cost) {
          return {
            status: 'no-data' as const,
            entityRef,
            message: `${
              target.source.title
            } has no GPU, token or hosted-API series for this entity ${
              COST_WINDOW_TEXT[window]
            }. Its pods are found by the pod label backstage.io/kubernetes-id (${
              target.workloadId ?? 'not set on this entity'
            }), its serving metrics by ${target.serving
              .map(m => `${m.label}="${m.value}"`)
              .join(', ')}.`,
          };
        }
        return {
          status: 'ok' as const,
          entityRef,
          source: AiOpsService.source(target.source),
          cost,
          computedAt: now.toISOString(),
        };
      },
    );
  }

  /**
   * What the AI models a Group owns (spec.owner) cost over the window, and
   * per SLO indicator their cost per 1M tokens served within their SLOs:
   * each model's own cost report, as the caller may read it, added up.
   */
  async teamCost(
    groupRef: string,
    window: CostWindow,
    credentials: BackstageCredentials,
    at?: Date,
  ): Promise<TeamCostResponse> {
    const group = await this.entity(groupRef, credentials);
    if (group.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new InputError(
        `${groupRef} is a ${group.kind}, not a Group: a team's cost is that of the AIModels it owns`,
      );
    }
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { kind: 'AIModel', 'relations.ownedBy': groupRef },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
        ],
      },
      { credentials },
    );
    if (!items.length) {
      return {
        status: 'no-models',
        entityRef: groupRef,
        message: `${groupRef} owns no AIModel in the catalog (spec.owner of an AIModel names its team)`,
      };
    }
    const models = items
      .map(e => ({
        entityRef: stringifyEntityRef(e),
        title: e.metadata.title ?? e.metadata.name,
      }))
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    // A few models at a time: each is a cost report of its own.
    const responses: CostResponse[] = new Array(models.length);
    let next = 0;
    const work = async () => {
      for (let i = next++; i < models.length; i = next++) {
        responses[i] = await this.cost(
          models[i].entityRef,
          window,
          credentials,
          at,
        );
      }
    };
    await Promise.all(Array.from({ length: 4 }, work));
    return {
      status: 'ok',
      entityRef: groupRef,
      cost: teamCostReport(
        window,
        this.options.config.currency,
        models.map((m, i) => ({ ...m, response: responses[i] })),
      ),
      computedAt: (at ?? new Date()).toISOString(),
    };
  }

  /**
   * The hosted API models of the catalog that do this self-hosted model's
   * work (the same spec.type; multimodal ones for llm and vision): the
   * window's tokens at their prices, at this model's input/output mix, and
   * the token rate at which this model's GPU cost per hour equals that price.
   */
  private async hostedAlternatives(
    model: Entity,
    cost: CostReport,
    credentials: BackstageCredentials,
  ): Promise<CostReport['hostedAlternatives']> {
    const type = (model.spec as { type?: unknown } | undefined)?.type;
    const tokens = cost.tokens;
    if (typeof type !== 'string' || !tokens || !cost.total) return [];
    const all = tokens.input + tokens.output;
    if (!all) return [];
    // A multimodal model does the text and vision work of an llm or vision model.
    const types =
      type === 'llm' || type === 'vision' ? [type, 'multimodal'] : [type];
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { kind: 'AIModel', 'spec.type': types },
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.pricing'],
      },
      { credentials },
    );
    const hours = cost.windowDays * 24;
    // Tokens per request over the window, to put the break-even in requests.
    const perRequest =
      cost.requestsPerHour && cost.tokensPerHour
        ? cost.tokensPerHour / cost.requestsPerHour
        : null;
    return items
      .flatMap(e => {
        const pricing = (e.spec as { pricing?: HostedModel['pricing'] })
          ?.pricing;
        if (!pricing) return [];
        const alt =
          (tokens.input * pricing.inputPer1MTokens +
            tokens.output * pricing.outputPer1MTokens) /
          1e6;
        const breakEvenTokensPerHour = alt
          ? cost.total / hours / (alt / all)
          : 0;
        return [
          {
            model: e.metadata.name,
            entityRef: stringifyEntityRef(e),
            cost: alt,
            costPer1MTokens: (alt / all) * 1e6,
            breakEvenTokensPerHour,
            breakEvenRequestsPerHour: perRequest
              ? breakEvenTokensPerHour / perRequest
              : null,
          },
        ];
      })
      .sort((a, b) => a.cost - b.cost);
  }

  /** The model servers of these refs, each with its series or why not. */
  private async servers(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<ServedModel['servers']> {
    if (!refs.length) return [];
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials },
    );
    return refs.map((entityRef, i) => {
      const server = items[i];
      if (!server) return { entityRef, problem: 'not in the catalog' };
      try {
        const target = resolveTarget(server, this.options.config);
        return target
          ? { entityRef, target }
          : { entityRef, problem: NOT_CONFIGURED };
      } catch (error) {
        return { entityRef, problem: (error as Error).message };
      }
    });
  }

  /**
   * Per availability and latency SLO of the entity: its good and total
   * requests over the cost window, or why they cannot be counted.
   */
  private async sloCounts(
    entity: Entity,
    target: Target,
    seconds: number,
    now: Date,
  ): Promise<
    {
      slo: string;
      displayName: string;
      indicator: SliType;
      counts: { good: number; total: number } | null;
      reason?: string;
    }[]
  > {
    const { slos } = parseSlos(entity);
    const service = this.sloService(target.source, entity);
    return Promise.all(
      slos
        .filter(slo => slo.indicator.type !== 'quality')
        .map(async slo => {
          const row = {
            slo: slo.name,
            displayName:
              slo.displayName ?? slo.objectives[0].displayName ?? slo.name,
            indicator: slo.indicator.type,
          };
          try {
            const sloTarget = resolveTarget(
              entity,
              this.options.config,
              slo.indicator.runtime,
            )!;
            return {
              ...row,
              counts: await service.requestCounts(slo, sloTarget, now, seconds),
            };
          } catch (error) {
            if (error instanceof SloProblem || error instanceof InputError) {
              return { ...row, counts: null, reason: error.message };
            }
            throw error;
          }
        }),
    );
  }

  /**
   * Per availability and latency SLO: the share of the cost window's
   * requests that met it, and the cost per 1M tokens served within it.
   */
  private static withinSlo(
    cost: CostReport,
    sloCounts: Awaited<ReturnType<AiOpsService['sloCounts']>>,
  ): CostReport['withinSlo'] {
    const tokens = cost.tokens ? cost.tokens.input + cost.tokens.output : 0;
    return sloCounts.map(({ counts, reason, ...row }) => {
      if (!counts?.total) {
        return {
          ...row,
          share: null,
          tokens: null,
          costPer1MTokens: null,
          reason: reason ?? 'no requests in the window',
        };
      }
      const share = counts.good / counts.total;
      const within = tokens * share;
      return {
        ...row,
        share,
        tokens: tokens ? within : null,
        costPer1MTokens: within ? (cost.total / within) * 1e6 : null,
        ...(tokens ? {} : { reason: 'no tokens counted in the window' }),
      };
    });
  }

  /**
   * When the entity's RAG index was last refreshed: the newest value of the
   * freshness gauge its ingestion job pushes, selected by its
   * backstage.io/kubernetes-id (or its name).
   */
  async freshness(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<FreshnessResponse> {
    const entity = await this.entity(entityRef, credentials);
    const target = resolveTarget(entity, this.options.config);
    if (!target) {
      return { status: 'not-configured', entityRef, message: NOT_CONFIGURED };
    }
    const { metric, label } = target.source.ragFreshness;
    const series = selector(metric, [
      eq(label, target.workloadId ?? entity.metadata.name),
    ]);
    return this.cached(
      `freshness:${entityRef}:${
        entity.metadata.etag ?? JSON.stringify(entity.metadata)
      }`,
      async () => {
        const now = new Date();
        const [result] = await this.client(target.source).query(
          `max(${series})`,
          now,
        );
        const at = result?.values[0]?.[1];
        return {
          status: 'ok' as const,
          entityRef,
          source: AiOpsService.source(target.source),
          lastSuccess:
            at === undefined ? null : new Date(at * 1000).toISOString(),
          ageHours:
            at === undefined
              ? null
              : Math.round(((now.getTime() / 1000 - at) / 3600) * 100) / 100,
          series,
          computedAt: now.toISOString(),
        };
      },
    );
  }

  /**
   * The alerting rules the entity's Prometheus has loaded with the entity's
   * series labels (its `service`, or ai-refarch.io/prometheus-labels).
   */
  async alerting(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<AlertingResponse> {
    const entity = await this.entity(entityRef, credentials);
    const target = resolveTarget(entity, this.options.config);
    if (!target) {
      return { status: 'not-configured', entityRef, message: NOT_CONFIGURED };
    }
    return this.cached(
      `alerting:${entityRef}:${
        entity.metadata.etag ?? JSON.stringify(entity.metadata)
      }`,
      async () => {
        const rules = await this.rules(target.source);
        const alerts = AiOpsService.alertsOf(rules, target);
        return {
          status: 'ok' as const,
          entityRef,
          source: AiOpsService.source(target.source),
          alerts,
          computedAt: new Date().toISOString(),
        };
      },
    );
  }

  /**
   * What the scorecard grades of many entities at once (EntityEvidence):
   * their SLOs, GPU idle share and exported series from queries grouped by
   * their series labels (FleetEvidence), their loaded alert rules from one
   * read per source; budgets and index freshness, which few entities have,
   * from the per-entity cost and freshness reports. Entities the caller may
   * not read answer "not in the catalog", as one by one.
   */
  async evidence(
    entityRefs: string[],
    credentials: BackstageCredentials,
    at?: Date,
  ): Promise<EvidenceResponse> {
    const now = at ?? new Date();
    const { items: entities } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs },
      { credentials },
    );
    const { config } = this.options;
    const items: EntityEvidence[] = entityRefs.map(entityRef => ({
      entityRef,
    }));
    const sloRows: {
      key: string;
      item: number;
      slo: SloSpec;
      target: Target;
    }[] = [];
    /** Per item, its SLOs in order: a row key, or a figure already known. */
    const sloPlan = new Map<number, (string | SloEvidence)[]>();
    const servingRows: { key: string; item: number; target: Target }[] = [];
    const quality: Promise<void>[] = [];
    const perEntity: (() => Promise<void>)[] = [];
    entities.forEach((entity, i) => {
      const item = items[i];
      if (!entity) {
        item.problem = `${item.entityRef} is not in the catalog`;
        return;
      }
      const { slos, errors } = parseSlos(entity);
      const { serving, budgeted, pipeline } = evidenceParts(entity);
      if (!slos.length && errors.length) {
        // spec.slos is there, and none of it can be read: say why.
        item.slos = {
          status: 'unknown',
          reason: errors.map(e => `${e.field}: ${e.message}`).join('; '),
          source: null,
        };
      }
      if (!slos.length && !serving && !budgeted && !pipeline) return;
      let target: Target | null;
      try {
        target = resolveTarget(entity, config);
      } catch (error) {
        item.problem = (error as Error).message;
        return;
      }
      if (!target) {
        item.problem = NOT_CONFIGURED;
        return;
      }
      const entityRef = item.entityRef;
      if (budgeted) {
        perEntity.push(async () => {
          item.budget = await this.cost(entityRef, '7d', credentials, at).catch(
            error => ({
              status: 'error' as const,
              entityRef,
              message: (error as Error).message,
            }),
          );
        });
      }
      if (pipeline) {
        perEntity.push(async () => {
          item.freshness = await this.freshness(entityRef, credentials).catch(
            error => ({
              status: 'error' as const,
              entityRef,
              message: (error as Error).message,
            }),
          );
        });
      }
      if (serving) servingRows.push({ key: String(i), item: i, target });
      const plan: (string | SloEvidence)[] = [];
      slos.forEach((slo, j) => {
        const row = {
          name: slo.name,
          window: slo.timeWindow[0].duration,
          target: slo.objectives[0].target,
        };
        let sloTarget: Target;
        try {
          sloTarget = resolveTarget(entity, config, slo.indicator.runtime)!;
        } catch (error) {
          plan.push({
            ...row,
            ...UNMEASURED,
            problem: (error as Error).message,
          });
          return;
        }
        if (slo.indicator.type === 'quality') {
          // Time slices of an evaluation score: few, one by one.
          const figure: SloEvidence = { ...row, ...UNMEASURED };
          plan.push(figure);
          quality.push(
            this.sloService(sloTarget.source, entity)
              .compute(slo, sloTarget, now)
              .then(
                r =>
                  Object.assign(figure, {
                    attainment: r.attainment,
                    status: r.status,
                    total: r.total,
                  }),
                error => Object.assign(figure, { problem: error.message }),
              )
              .then(() => undefined),
          );
          return;
        }
        const key = `${i}:${j}`;
        plan.push(key);
        sloRows.push({ key, item: i, slo, target: sloTarget });
      });
      if (plan.length) sloPlan.set(i, plan);
    });

    // Each source's rules read once for the request, not once per entity.
    const ruleReads = new Map<string, Promise<AlertingRule[]>>();
    const rulesOf = (source: SourceConfig) => {
      if (!ruleReads.has(source.id)) {
        ruleReads.set(source.id, this.rules(source));
      }
      return ruleReads.get(source.id)!;
    };
    // The figures are as of `at`, or of the oldest kept answer they use.
    let asOf = now.getTime();
    const fleet = new FleetEvidence(
      source => this.client(source),
      (key, compute) => {
        const kept = this.memo(
          `${key}:${at?.toISOString() ?? 'now'}`,
          compute,
          now.getTime(),
        );
        if (!at) asOf = Math.min(asOf, kept.computedAt);
        return kept.value;
      },
    );
    const sourceOf = (target: Target) => AiOpsService.source(target.source);
    const [occurrences, gpu] = await Promise.all([
      fleet.occurrences(sloRows, now),
      fleet.gpu(servingRows, now, EVIDENCE_DAYS),
      Promise.all(quality),
      // A few cost and freshness reports at a time.
      (async () => {
        const work = async () => {
          for (let job = perEntity.shift(); job; job = perEntity.shift()) {
            await job();
          }
        };
        await Promise.all(Array.from({ length: 4 }, work));
      })(),
      Promise.all(
        servingRows.map(async ({ item, target }) => {
          try {
            const rules = await rulesOf(target.source);
            items[item].alerting = {
              status: 'ok',
              entityRef: items[item].entityRef,
              source: sourceOf(target),
              alerts: AiOpsService.alertsOf(rules, target),
              computedAt: now.toISOString(),
            };
          } catch (error) {
            items[item].alerting = {
              status: 'error',
              entityRef: items[item].entityRef,
              message: (error as Error).message,
            };
          }
        }),
      ),
    ]);
    const computedAt = new Date(asOf).toISOString();
    const sloRow = new Map(sloRows.map(r => [r.key, r]));
    for (const [i, plan] of sloPlan) {
      const first = plan.find(
        (step): step is string => typeof step === 'string',
      );
      const anyTarget = first
        ? sloRow.get(first)!.target
        : resolveTarget(entities[i]!, config)!;
      items[i].slos = {
        status: 'ok',
        source: sourceOf(anyTarget),
        computedAt,
        value: plan.map(step => {
          if (typeof step !== 'string') return step;
          const { slo } = sloRow.get(step)!;
          const figures = occurrences.get(step)!;
          const row = {
            name: slo.name,
            window: slo.timeWindow[0].duration,
            target: slo.objectives[0].target,
          };
          return 'problem' in figures
            ? { ...row, ...UNMEASURED, problem: figures.problem }
            : {
                ...row,
                attainment: figures.attainment,
                status: figures.status,
                total: figures.total,
              };
        }),
      };
    }
    // A server with requests counted for its SLOs, or with GPU-hours,
    // exports metrics; only the others' series are looked for.
    const sloSeen = (item: number) => {
      const slos = items[item].slos;
      return slos?.status === 'ok' && slos.value.some(s => s.total > 0);
    };
    const gpuSeen = (key: string) => {
      const g = gpu.get(key);
      return g !== undefined && !('problem' in g) && g.gpuHours > 0;
    };
    const unseen = servingRows.filter(r => !sloSeen(r.item) && !gpuSeen(r.key));
    const exported = unseen.length
      ? await fleet.exported(unseen, now, EVIDENCE_DAYS)
      : new Map<string, boolean | { problem: string }>();
    for (const { key, item, target } of servingRows) {
      const source = sourceOf(target);
      const g = gpu.get(key);
      const seen =
        sloSeen(item) || gpuSeen(key) ? true : exported.get(key) ?? false;
      if (g && 'problem' in g) {
        items[item].gpu = { status: 'unknown', reason: g.problem, source };
      } else if (g && g.measured && g.gpuHours > 0) {
        items[item].gpu = {
          status: 'ok',
          source,
          computedAt,
          value: {
            gpuHours: g.gpuHours,
            idleGpuHours: g.idleGpuHours,
            idleShare: g.idleGpuHours / g.gpuHours,
            days: EVIDENCE_DAYS,
          },
        };
      } else {
        items[item].gpu = {
          status: 'unknown',
          reason: target.workloadId
            ? `no GPU-hours with utilisation (DCGM) series for the pods of ${target.workloadId} in the last ${EVIDENCE_DAYS} days`
            : `no backstage.io/kubernetes-id: its pods, and so its GPUs, cannot be found`,
          source,
        };
      }
      if (typeof seen === 'object') {
        items[item].metrics = {
          status: 'unknown',
          reason: seen.problem,
          source,
        };
      } else {
        items[item].metrics = {
          status: 'ok',
          source,
          computedAt,
          value: { exported: seen },
        };
      }
    }
    return { items };
  }

  /** One read of a source's alerting rules serves every entity it holds. */
  private rules(source: SourceConfig) {
    return this.cached(`rules:${source.id}`, () =>
      this.client(source).alertingRules(),
    );
  }

  /** The loaded rules whose labels carry the target's series labels. */
  private static alertsOf(
    rules: AlertingRule[],
    target: Target,
  ): LoadedAlert[] {
    return rules
      .filter(r =>
        target.serving.every(
          m => m.op === '=' && r.labels[m.label] === m.value,
        ),
      )
      .map(r => ({
        group: r.group,
        name: r.name,
        severity: r.labels.severity ?? null,
        health: r.health,
        state: r.state,
        ...(r.lastError ? { lastError: r.lastError } : {}),
      }));
  }

  /**
   * The models whose cost counts towards this entity. Hosted API models
   * (priced in spec.pricing): itself if it is one; for a Component, those it
   * serves or depends on. Self-hosted models: for a Component, those it
   * depends on, with the Components that serve them (servedBy), whose GPU
   * cost it shares by tokens.
   */
  private async calledModels(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<CalledModels> {
    const pricing = (e: Entity) =>
      (e.spec as { pricing?: HostedModel['pricing'] } | undefined)?.pricing;
    const hosted = (e: Entity): HostedModel[] => {
      const p = pricing(e);
      return p
        ? [
            {
              entityRef: stringifyEntityRef(e),
              name: e.metadata.name,
              pricing: p,
            },
          ]
        : [];
    };
    if (entity.kind.toLocaleLowerCase('en-US') === 'aimodel') {
      // A self-hosted model costs what its servers' GPUs cost for its tokens.
      return pricing(entity)
        ? { hosted: hosted(entity), served: [] }
        : {
            hosted: [],
            served: [
              {
                entityRef: stringifyEntityRef(entity),
                name: entity.metadata.name,
                whole: true,
                servers: await this.servers(
                  relatedComponentRefs(entity, RELATION_SERVED_BY),
                  credentials,
                ),
              },
            ],
          };
    }
    const { namespace } = getCompoundEntityRef(entity);
    const servedRefs = new Set<string>();
    const served = entity.metadata.annotations?.[ANNOTATION_SERVES_MODELS];
    if (served) {
      try {
        parseServedModelRefs(served, { defaultNamespace: namespace }).forEach(
          r => servedRefs.add(r),
        );
      } catch (error) {
        throw new InputError((error as Error).message);
      }
    }
    const called = new Set<string>();
    for (const dep of (entity.spec?.dependsOn as string[] | undefined) ?? []) {
      try {
        const ref = parseEntityRef(dep, { defaultNamespace: namespace });
        if (ref.kind.toLocaleLowerCase('en-US') === 'aimodel') {
          called.add(stringifyEntityRef(ref));
        }
      } catch {
        // The catalog reports malformed dependsOn entries itself.
      }
    }
    const refs = [...new Set([...servedRefs, ...called])];
    if (!refs.length) return { hosted: [], served: [] };
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials },
    );
    const models = items.filter((e): e is Entity => Boolean(e));
    // A model it calls that it serves itself is its own cost already.
    const selfHosted = models.filter(
      e =>
        !pricing(e) &&
        called.has(stringifyEntityRef(e)) &&
        !servedRefs.has(stringifyEntityRef(e)),
    );
    const servers = await this.servers(
      [
        ...new Set(
          selfHosted.flatMap(m => relatedComponentRefs(m, RELATION_SERVED_BY)),
        ),
      ],
      credentials,
    );
    return {
      hosted: models.flatMap(hosted),
      served: selfHosted.map(m => ({
        entityRef: stringifyEntityRef(m),
        name: m.metadata.name,
        servers: relatedComponentRefs(m, RELATION_SERVED_BY).map(
          ref => servers.find(server => server.entityRef === ref)!,
        ),
      })),
    };
  }
}
