import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  AiOpsClient,
  AlertingResponse,
  ANNOTATION_MONTHLY_BUDGET,
  CostResponse,
  EntityEvidence,
  EvidenceError,
  evidenceParts,
  FreshnessResponse,
} from '@ai-refarch/plugin-ai-ops-common';
import { Fact, Facts } from '@ai-refarch/plugin-ai-scorecard-common';
import { FactCollector } from '@ai-refarch/plugin-ai-scorecard-node';

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * `prometheus.budget`: the month's spend projected to the month's end
 * against the monthly budget, as the cost service computes it (from the
 * 1st, whatever window was asked for). Unknown when part of the spend could
 * not be found: a missing workload must not read as under budget.
 */
function budgetFact(
  cost: CostResponse | EvidenceError | undefined,
  unknown: (reason: string, source?: string) => Fact,
): Fact {
  if (!cost) return unknown('not read');
  if (cost.status !== 'ok') return unknown(cost.message);
  const { budget, selfHostedMissing, attributedMissing } = cost.cost;
  const source = `prometheus:${cost.source.id}`;
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
    observedAt: cost.computedAt,
  };
}

/**
 * `prometheus.alerting`: the alerting rules Prometheus has loaded for a
 * model server, by severity, and those that fail to evaluate. Alerts in a
 * repository page nobody until Prometheus loads them.
 */
function alertingFact(
  answer: AlertingResponse | EvidenceError | undefined,
  unknown: (reason: string, source?: string) => Fact,
): Fact {
  if (!answer) return unknown('not read');
  if (answer.status !== 'ok') return unknown(answer.message);
  const { alerts, source, computedAt } = answer;
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
  answer: FreshnessResponse | EvidenceError | undefined,
  unknown: (reason: string, source?: string) => Fact,
): Fact {
  if (!answer) return unknown('not read');
  if (answer.status !== 'ok') return unknown(answer.message);
  const { ageHours, lastSuccess, series, source, computedAt } = answer;
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
 * (`aiOps.prometheus`), and for a whole page of entities in one request
 * (`POST /api/ai-ops/evidence`, whose queries are grouped by the entities'
 * series labels): `prometheus.slo` (whether every declared SLO is met over
 * its window), `prometheus.metrics` (whether the service exports metrics
 * at all), `prometheus.gpu` (its idle GPU share over 7 days),
 * `prometheus.budget`, `prometheus.alerting` (its loaded alert rules) and
 * `prometheus.freshness` (the age of a RAG pipeline's index).
 *
 * The module registers it; exported for apps that compose their own
 * collectors.
 *
 * @public
 */
export class PrometheusFactCollector implements FactCollector {
  readonly id = 'prometheus';
  private readonly client: AiOpsClient;

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
    },
  ) {
    this.client = new AiOpsClient({ discoveryApi: options.discovery });
  }

  async collect(entities: Entity[]): Promise<Map<string, Facts>> {
    const result = new Map<string, Facts>();
    const asked = entities.filter(
      e => e.kind === 'Component' || e.kind === 'AIModel',
    );
    if (asked.length === 0) return result;
    const { auth } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'ai-ops',
    });
    const refs = asked.map(e => stringifyEntityRef(e));
    let items: EntityEvidence[];
    try {
      ({ items } = await this.client.getEvidence(refs, { token }));
    } catch (error) {
      // Every fact of the page is unknown, with what went wrong.
      const reason =
        error instanceof ResponseError
          ? `ai-ops answered ${error.response.status}: ${error.body.error.message}`
          : `could not reach the ai-ops back end: ${(error as Error).message}`;
      items = refs.map(entityRef => ({ entityRef, problem: reason }));
    }
    asked.forEach((entity, i) => {
      result.set(refs[i], PrometheusFactCollector.factsOf(entity, items[i]));
    });
    return result;
  }

  private static factsOf(entity: Entity, evidence: EntityEvidence): Facts {
    const parts = evidenceParts(entity);
    const now = new Date().toISOString();
    const unknown = (reason: string, source = 'prometheus'): Fact => ({
      unknown: reason,
      source,
      observedAt: now,
    });
    const facts: Facts = {};
    const { problem } = evidence;
    const slos = evidence.slos;
    if (!parts.slos) {
      facts['prometheus.slo'] = unknown(
        'the entity declares no SLOs (spec.slos)',
      );
    } else if (problem || !slos) {
      facts['prometheus.slo'] = unknown(problem ?? 'not read');
    } else if (slos.status !== 'ok') {
      facts['prometheus.slo'] = unknown(
        slos.reason,
        slos.source ? `prometheus:${slos.source.id}` : undefined,
      );
    } else {
      const { value, source, computedAt } = slos;
      const measured = value.filter(s => s.attainment !== null);
      const problems = value.filter(s => s.problem);
      facts['prometheus.slo'] = measured.length
        ? {
            value: {
              met: measured.every(s => s.attainment! >= s.target),
              slos: value.map(s => ({
                name: s.name,
                window: s.window,
                target: s.target,
                attainment: s.attainment,
                status: s.status,
                ...(s.problem ? { problem: s.problem } : {}),
              })),
            },
            source: `prometheus:${source.id}`,
            observedAt: computedAt,
          }
        : unknown(
            problems.length
              ? problems.map(s => `${s.name}: ${s.problem}`).join('; ')
              : `no data in ${source.title} for ${value
                  .map(s => s.name)
                  .join(', ')}`,
            `prometheus:${source.id}`,
          );
    }

    if (parts.budgeted) {
      facts['prometheus.budget'] = problem
        ? unknown(problem)
        : budgetFact(evidence.budget, unknown);
    }
    if (parts.pipeline) {
      facts['prometheus.freshness'] = problem
        ? unknown(problem)
        : freshnessFact(evidence.freshness, unknown);
    }
    if (!parts.serving) return facts;
    facts['prometheus.alerting'] = problem
      ? unknown(problem)
      : alertingFact(evidence.alerting, unknown);
    for (const [fact, figure] of [
      ['prometheus.metrics', evidence.metrics],
      ['prometheus.gpu', evidence.gpu],
    ] as const) {
      if (problem || !figure) {
        facts[fact] = unknown(problem ?? 'not read');
      } else if (figure.status !== 'ok') {
        facts[fact] = unknown(
          figure.reason,
          figure.source ? `prometheus:${figure.source.id}` : undefined,
        );
      }
    }
    if (evidence.metrics?.status === 'ok') {
      const { value, source, computedAt } = evidence.metrics;
      facts['prometheus.metrics'] = {
        value,
        source: `prometheus:${source.id}`,
        observedAt: computedAt,
      };
    }
    if (evidence.gpu?.status === 'ok') {
      const { value, source, computedAt } = evidence.gpu;
      facts['prometheus.gpu'] = {
        value: {
          idleShare: Math.round(value.idleShare * 1000) / 1000,
          gpuHours: Math.round(value.gpuHours * 10) / 10,
          idleGpuHours: Math.round(value.idleGpuHours * 10) / 10,
          days: value.days,
        },
        source: `prometheus:${source.id}`,
        observedAt: computedAt,
      };
    }
    return facts;
  }
}
