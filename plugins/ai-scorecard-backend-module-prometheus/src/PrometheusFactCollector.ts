import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  AlertingResponse,
  ANNOTATION_MONTHLY_BUDGET,
  CostResponse,
  FreshnessResponse,
  SloResponse,
} from '@ai-refarch/plugin-ai-ops-common';
import { Fact, Facts } from '@ai-refarch/plugin-ai-scorecard-common';
import { FactCollector } from '@ai-refarch/plugin-ai-scorecard-node';

const CONCURRENCY = 4;
/** The window of the idle-GPU share. */
const COST_DAYS = 7;
const COST_WINDOW = `${COST_DAYS}d`;
const SERVING_ANNOTATIONS = [
  'ai-refarch.io/serves-models',
  'ai-refarch.io/prometheus-labels',
  'backstage.io/kubernetes-id',
];

type Answer<T> = { ok: true; body: T } | { ok: false; reason: string };

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * `prometheus.budget`: the month's spend projected to the month's end
 * against the monthly budget, as the cost service computes it (from the
 * 1st, whatever window was asked for). Unknown when part of the spend could
 * not be found: a missing workload must not read as under budget.
 */
function budgetFact(
  cost: Answer<CostResponse> | undefined,
  unknown: (reason: string, source?: string) => Fact,
): Fact {
  if (!cost?.ok) return unknown(cost?.reason ?? 'not read');
  if (cost.body.status !== 'ok') return unknown(cost.body.message);
  const { budget, selfHostedMissing, attributedMissing } = cost.body.cost;
  const source = `prometheus:${cost.body.source.id}`;
  if (!budget) {
    return unknown(`${ANNOTATION_MONTHLY_BUDGET} was not read`, source);
  }
  if (budget.status === 'unknown') {
    const reasons = [
      ...(selfHostedMissing ? [selfHostedMissing] : []),
      ...(attributedMissing ?? []),
    ];
    return unknown(
      reasons.join('; ') || 'part of the month’s spend could not be found',
      source,
    );
  }
  return {
    value: {
      status: budget.status,
      amount: budget.amount,
      currency: budget.currency,
      monthToDate: round2(budget.monthToDate),
      projectedMonthEnd: round2(budget.projectedMonthEnd),
    },
    source,
    observedAt: cost.body.computedAt,
  };
}

/**
 * `prometheus.alerting`: the alerting rules Prometheus has loaded for a
 * model server, by severity, and those that fail to evaluate. Alerts in a
 * repository page nobody until Prometheus loads them.
 */
function alertingFact(
  answer: Answer<AlertingResponse> | undefined,
  unknown: (reason: string, source?: string) => Fact,
): Fact {
  if (!answer?.ok) return unknown(answer?.reason ?? 'not read');
  if (answer.body.status !== 'ok') return unknown(answer.body.message);
  const { alerts, source, computedAt } = answer.body;
  const count = (severity: string) =>
    alerts.filter(a => a.severity === severity).length;
  return {
    value: {
      pageAlerts: count('page'),
      ticketAlerts: count('ticket'),
      // Rules Prometheus could not evaluate never fire.
      failing: alerts
        .filter(a => a.health === 'err')
        .map(a => `${a.group}/${a.name}: ${a.lastError ?? 'error'}`),
      firing: alerts.filter(a => a.state === 'firing').map(a => a.name),
    },
    source: `prometheus:${source.id}`,
    observedAt: computedAt,
  };
}

/**
 * `prometheus.freshness`: how old a RAG pipeline's index is, from the
 * timestamp its ingestion job pushes after each successful run.
 */
function freshnessFact(
  answer: Answer<FreshnessResponse> | undefined,
  unknown: (reason: string, source?: string) => Fact,
): Fact {
  if (!answer?.ok) return unknown(answer?.reason ?? 'not read');
  if (answer.body.status !== 'ok') return unknown(answer.body.message);
  const { ageHours, lastSuccess, series, source, computedAt } = answer.body;
  if (ageHours === null) {
    return unknown(
      `${source.title} has no ${series}: the ingestion job pushes it to the Pushgateway (PUSHGATEWAY_URL) after each successful run`,
      `prometheus:${source.id}`,
    );
  }
  return {
    value: { ageHours, lastSuccess },
    source: `prometheus:${source.id}`,
    observedAt: computedAt,
  };
}

/**
 * Facts from Prometheus, read through the ai-ops back end so that data
 * sources, metric names and selectors are configured once
 * (`aiOps.prometheus`): `prometheus.slo` (whether every declared SLO is met
 * over its window), `prometheus.metrics` (whether the service exports
 * metrics at all), `prometheus.gpu` (its idle GPU share over 7 days),
 * `prometheus.budget`, `prometheus.alerting` (its loaded alert rules) and
 * `prometheus.freshness` (the age of a RAG pipeline's index).
 */
export class PrometheusFactCollector implements FactCollector {
  readonly id = 'prometheus';

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
    },
  ) {}

  async collect(entities: Entity[]): Promise<Map<string, Facts>> {
    const result = new Map<string, Facts>();
    const queue = entities.filter(
      e => e.kind === 'Component' || e.kind === 'AIModel',
    );
    if (queue.length === 0) return result;
    const { discovery, auth } = this.options;
    const baseUrl = await discovery.getBaseUrl('ai-ops');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'ai-ops',
    });
    const get = async <T>(path: string): Promise<Answer<T>> => {
      try {
        const res = await fetch(`${baseUrl}${path}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        if (!res.ok) {
          const error = await ResponseError.fromResponse(res);
          return {
            ok: false,
            reason: `ai-ops answered ${res.status}: ${error.body.error.message}`,
          };
        }
        return { ok: true, body: (await res.json()) as T };
      } catch (error) {
        return {
          ok: false,
          reason: `could not reach the ai-ops back end: ${
            (error as Error).message
          }`,
        };
      }
    };
    const work = async () => {
      for (let entity = queue.shift(); entity; entity = queue.shift()) {
        result.set(stringifyEntityRef(entity), await this.factsOf(entity, get));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, work));
    return result;
  }

  private async factsOf(
    entity: Entity,
    get: <T>(path: string) => Promise<Answer<T>>,
  ): Promise<Facts> {
    const { kind, metadata } = entity;
    const path = `${kind.toLocaleLowerCase('en-US')}/${encodeURIComponent(
      metadata.namespace ?? 'default',
    )}/${encodeURIComponent(metadata.name)}`;
    const declaresSlos =
      Array.isArray(entity.spec?.slos) && entity.spec!.slos.length > 0;
    const serving =
      kind === 'Component' &&
      SERVING_ANNOTATIONS.some(a => metadata.annotations?.[a] !== undefined);
    const budgeted =
      kind === 'Component' &&
      metadata.annotations?.[ANNOTATION_MONTHLY_BUDGET] !== undefined;
    const pipeline =
      kind === 'Component' &&
      metadata.annotations?.['ai-refarch.io/schedule'] !== undefined;
    const [slo, cost, alerting, freshness] = await Promise.all([
      declaresSlos ? get<SloResponse>(`/slo/${path}`) : undefined,
      serving || budgeted
        ? get<CostResponse>(`/cost/${path}?window=${COST_WINDOW}`)
        : undefined,
      serving ? get<AlertingResponse>(`/alerting/${path}`) : undefined,
      pipeline ? get<FreshnessResponse>(`/freshness/${path}`) : undefined,
    ]);
    const now = new Date().toISOString();
    const unknown = (reason: string, source = 'prometheus'): Fact => ({
      unknown: reason,
      source,
      observedAt: now,
    });
    const facts: Facts = {};

    if (!slo) {
      facts['prometheus.slo'] = unknown(
        'the entity declares no SLOs (spec.slos)',
      );
    } else if (!slo.ok) {
      facts['prometheus.slo'] = unknown(slo.reason);
    } else if (slo.body.status !== 'ok') {
      facts['prometheus.slo'] = unknown(slo.body.message);
    } else {
      const { slos, source, computedAt } = slo.body;
      const measured = slos.filter(s => s.attainment !== null);
      facts['prometheus.slo'] = measured.length
        ? {
            value: {
              met: measured.every(s => s.attainment! >= s.target),
              slos: slos.map(s => ({
                name: s.name,
                window: s.window,
                target: s.target,
                attainment: s.attainment,
                status: s.status,
              })),
            },
            source: `prometheus:${source.id}`,
            observedAt: computedAt,
          }
        : unknown(
            `no data in ${source.title} for ${slos
              .map(s => s.name)
              .join(', ')}`,
            `prometheus:${source.id}`,
          );
    }

    if (budgeted) facts['prometheus.budget'] = budgetFact(cost, unknown);
    if (pipeline) {
      facts['prometheus.freshness'] = freshnessFact(freshness, unknown);
    }
    if (!serving) return facts;
    facts['prometheus.alerting'] = alertingFact(alerting, unknown);
    const sloData = slo?.ok && slo.body.status === 'ok' ? slo.body : undefined;
    if (cost?.ok && cost.body.status !== 'not-configured') {
      const exported =
        cost.body.status === 'ok' ||
        (sloData?.slos.some(s => s.total > 0) ?? false);
      facts['prometheus.metrics'] = {
        value: { exported },
        source:
          cost.body.status === 'ok'
            ? `prometheus:${cost.body.source.id}`
            : 'prometheus',
        observedAt: cost.body.status === 'ok' ? cost.body.computedAt : now,
      };
    } else {
      facts['prometheus.metrics'] = unknown(
        cost?.ok
          ? (cost.body as { message: string }).message
          : cost?.reason ?? 'not read',
      );
    }

    if (!cost?.ok) {
      facts['prometheus.gpu'] = unknown(cost?.reason ?? 'not read');
    } else if (cost.body.status !== 'ok') {
      facts['prometheus.gpu'] = unknown(cost.body.message);
    } else {
      const self = cost.body.cost.selfHosted;
      const hours = self ? self.gpuHours.onDemand + self.gpuHours.spot : 0;
      facts['prometheus.gpu'] =
        self?.idle && hours > 0
          ? {
              value: {
                idleShare:
                  Math.round((self.idle.gpuHours / hours) * 1000) / 1000,
                gpuHours: Math.round(hours * 10) / 10,
                idleGpuHours: Math.round(self.idle.gpuHours * 10) / 10,
                days: COST_DAYS,
              },
              source: `prometheus:${cost.body.source.id}`,
              observedAt: cost.body.computedAt,
            }
          : unknown(
              `no GPU-hours with utilisation (DCGM) series for this entity in the last ${COST_DAYS} days`,
              `prometheus:${cost.body.source.id}`,
            );
    }
    return facts;
  }
}
