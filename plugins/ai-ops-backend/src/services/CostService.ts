import { GpuPrice } from '@ai-refarch/plugin-ai-model-common';
import {
  CostDay,
  CostReport,
  CostWindow,
  costWindowSeconds,
  MonthlyBudget,
  PodEvent,
  TenantCost,
} from '@ai-refarch/plugin-ai-ops-common';
import { InstancePrice } from '../config';
import { PrometheusApi, Series } from './prometheus/PrometheusClient';
import { anyOf, eq, Matcher, selector } from '@ai-refarch/plugin-ai-ops-common';
import { Target } from './targets';
import {
  DAY,
  dayOf,
  sumDays,
  valuesByDay,
  valuesOverDays,
  windowDays,
} from './windows';

/** GPU-hours are integrated over range-query steps of this many seconds. */
const STEP = 900;

/**
 * The 15-minute steps of a window of `days` ending at `now`, on the grid of
 * multiples of the step (the last at or before `now`), so that a past day's
 * steps are the same whenever it is asked for and its answer can be kept
 * (DayCachedPrometheus).
 */
function stepGrid(now: Date, days: number) {
  const last = Math.floor(now.getTime() / 1000 / STEP) * STEP;
  return {
    start: new Date((last - days * DAY + STEP) * 1000),
    end: new Date(last * 1000),
  };
}

/** A hosted model the entity calls, with its token prices. */
export type HostedModel = {
  entityRef: string;
  /** The model's name in the token-usage series. */
  name: string;
  pricing: {
    inputPer1MTokens: number;
    outputPer1MTokens: number;
    /** Input tokens served from the provider's prompt cache. */
    cachedInputPer1MTokens?: number;
    currency?: string;
  };
};

/**
 * A self-hosted model the entity calls, and the Components that serve it
 * (its `servedBy` relations), each with its series or why they cannot be read.
 */
export type ServedModel = {
  entityRef: string;
  /**
   * The entity is this model: its cost is its servers' GPU cost for all
   * the tokens they served it, not a caller's share.
   */
  whole?: boolean;
  /** The model's name in the callers' token-usage series and the servers' model label. */
  name: string;
  servers: ({ entityRef: string } & (
    | { target: Target }
    | { problem: string }
  ))[];
};

/** The models an entity calls, hosted and self-hosted. */
export type CalledModels = { hosted: HostedModel[]; served: ServedModel[] };

/** Per UTC day, per key, a value (see valuesByDay). */
type ByDay = Map<string, Map<string, number>>;

/** A model server's GPU cost and the tokens it served, per day. */
type ServerFigures = {
  cost: Map<string, number>;
  /** Per day, tokens by served model (one key '' when its runtime names no model). */
  tokens: ByDay;
  input: ByDay;
  output: ByDay;
  byModel: boolean;
};

/**
 * The entity's pods, as series by (namespace, pod): those whose pod label
 * backstage.io/kubernetes-id is the entity's (kube_pod_labels, which needs
 * kube-state-metrics' label allow-list), or, as OpenCost maps workloads,
 * those owned through a ReplicaSet by the Deployment of that name, or by the
 * StatefulSet of that name (kube_pod_owner, kube_replicaset_owner), in the
 * entity's namespace when it names one.
 */
function workloadPods(target: Target): string {
  const k = target.source.kubeStateMetrics;
  const id = target.workloadId!;
  const ns: Matcher[] = target.workloadNamespace
    ? [eq('namespace', target.workloadNamespace)]
    : [];
  const byLabel = `max by (namespace, pod) (${selector(k.podLabels, [
    eq(k.workloadPodLabel, id),
    ...ns,
  ])})`;
  const replicaSets = `label_replace(max by (namespace, replicaset) (${selector(
    k.replicaSetOwner,
    [eq('owner_kind', 'Deployment'), eq('owner_name', id), ...ns],
  )}), "owner_name", "$1", "replicaset", "(.+)")`;
  const viaDeployment = `max by (namespace, pod) (${selector(k.podOwner, [
    eq('owner_kind', 'ReplicaSet'),
    ...ns,
  ])} * on (namespace, owner_name) group_left () ${replicaSets})`;
  const viaStatefulSet = `max by (namespace, pod) (${selector(k.podOwner, [
    eq('owner_kind', 'StatefulSet'),
    eq('owner_name', id),
    ...ns,
  ])})`;
  return `(${byLabel} or ${viaDeployment} or ${viaStatefulSet})`;
}

const sumValues = (m: Map<string, number> | undefined) =>
  [...(m?.values() ?? [])].reduce((a, b) => a + b, 0);

/**
 * Computes what an entity cost over a window: GPU-hours of its pods by
 * capacity type and GPU type times the price table, idle GPU time from
 * DCGM, tokens from the runtime's counters, hosted API tokens times the
 * models' prices, per-tenant shares of tokens, and the monthly budget.
 */
export class CostService {
  constructor(
    private readonly prometheus: PrometheusApi,
    private readonly prices: {
      gpu: Record<string, GpuPrice>;
      instance: Record<string, InstancePrice>;
    },
    private readonly currency: string,
  ) {}

  async compute(options: {
    target: Target;
    /**
     * The models it calls: hosted ones, and self-hosted ones whose servers'
     * cost it shares. A promise may be given, so that the catalog is asked
     * while Prometheus answers for the entity's own series.
     */
    models: CalledModels | Promise<CalledModels>;
    budget: MonthlyBudget | null;
    window: CostWindow;
    now: Date;
  }): Promise<CostReport | null> {
    const { target, now, window } = options;
    const days = costWindowSeconds(window, now) / DAY;
    const [spend, tokens, tenants] = await Promise.all([
      this.spend(options, now, days),
      this.tokens(target, now, days),
      this.tenantTokens(target, now, days),
    ]);
    const { selfHosted, hosted, attributed } = spend;
    // Nothing found at all; but a share that cannot be worked out is said.
    if (
      !selfHosted &&
      !hosted &&
      !attributed?.report &&
      !attributed?.missing.length &&
      !tokens &&
      !tenants
    )
      return null;

    const dayList = windowDays(now, days);
    const dailyTotal = dayList.map(d => CostService.dayTotal(spend, d));
    const total =
      (selfHosted
        ? selfHosted.report.cost.onDemand + selfHosted.report.cost.spot
        : 0) +
      (hosted?.report.cost ?? 0) +
      (attributed?.report?.cost ?? 0);

    // A model server's own counters; else the tokens of the calls it pays for.
    const called = [
      ...(hosted?.report.byModel ?? []),
      ...(attributed?.report?.byModel ?? []),
    ];
    let tokenCount: { input: number; output: number } | null = null;
    if (tokens) tokenCount = { input: tokens.input, output: tokens.output };
    else if (called.length) {
      tokenCount = {
        input: called.reduce((a, m) => a + m.inputTokens, 0),
        output: called.reduce((a, m) => a + m.outputTokens, 0),
      };
    }
    const allTokens = tokenCount ? tokenCount.input + tokenCount.output : 0;
    const hostedByDirection = hosted
      ? hosted.report.byModel.reduce(
          (a, m) => ({
            inputTokens: a.inputTokens + m.inputTokens,
            outputTokens: a.outputTokens + m.outputTokens,
            inputCost: a.inputCost + m.inputCost,
            outputCost: a.outputCost + m.outputCost,
          }),
          { inputTokens: 0, outputTokens: 0, inputCost: 0, outputCost: 0 },
        )
      : null;
    // A model's own cost from its servers is split as its own GPU cost is,
    // by its runtime's prefill and decode time; a caller's share is not.
    const whole = (await options.models).served.every(m => m.whole);
    const directions = this.perDirection(target, {
      selfHostedCost:
        (selfHosted
          ? selfHosted.report.cost.onDemand + selfHosted.report.cost.spot
          : 0) + (whole ? attributed?.report?.cost ?? 0 : 0),
      hosted: hostedByDirection,
      attributed: !whole && Boolean(attributed?.report),
      tokens,
      tokenCount,
    });
    const tenantCosts = tenants
      ? CostService.tenantCosts(
          tenants,
          total,
          directions.value,
          dayList.map((day, i) => ({ day, total: dailyTotal[i] })),
        )
      : null;
    const daily: CostDay[] = dayList.map((day, i) => ({
      day,
      total: dailyTotal[i],
      byTenant: tenantCosts?.byDay.get(day) ?? {},
    }));
    const k = target.source.kubeStateMetrics;
    // Pods named but not found: the total leaves out their GPUs, so it and
    // the budget must not read as a complete figure (was: $0 and "under").
    // Pods found that request no GPUs have no GPU cost.
    const selfHostedMissing =
      target.workloadId &&
      !selfHosted &&
      !(await this.podsFound(target, now, days))
        ? `no pods whose ${k.podLabels} has ${k.workloadPodLabel}="${
            target.workloadId
          }", nor pods of a Deployment or StatefulSet named "${
            target.workloadId
          }"${
            target.workloadNamespace
              ? ` in namespace "${target.workloadNamespace}"`
              : ''
          } (${k.podOwner}, ${
            k.replicaSetOwner
          }), in the last ${days} days: their GPU requests (${
            k.gpuRequests
          }{resource="${k.gpuResource}"}) are not in the total`
        : null;
    return {
      currency: this.currency,
      window,
      windowDays: days,
      total,
      selfHosted: selfHosted?.report ?? null,
      selfHostedMissing,
      hosted: hosted?.report ?? null,
      attributed: attributed?.report ?? null,
      attributedMissing: attributed?.missing ?? [],
      tokens: tokenCount,
      costPer1MTokens: allTokens ? (total / allTokens) * 1e6 : null,
      perDirection: directions.value,
      perDirectionMissing: directions.missing,
      // The SLOs and the catalog's hosted models are the caller's to join
      // (AiOpsService).
      withinSlo: [],
      hostedAlternatives: [],
      tokensPerHour: allTokens ? allTokens / (days * 24) : null,
      requestsPerHour:
        allTokens && tokens?.requests ? tokens.requests / (days * 24) : null,
      tenants: tenantCosts?.rows ?? [],
      daily,
      budget: options.budget
        ? this.budget(
            options.budget,
            await this.monthDaily({ ...options, windowDays: days }, daily),
            now,
            selfHostedMissing !== null || Boolean(attributed?.missing.length),
          )
        : null,
    };
  }

  /**
   * The daily costs since the 1st of the month: the window's own when it
   * reaches back that far, else computed for the month (a 7-day window late
   * in the month would otherwise count only its 7 days as month to date).
   */
  private async monthDaily(
    options: {
      target: Target;
      models: CalledModels | Promise<CalledModels>;
      windowDays: number;
      now: Date;
    },
    daily: CostDay[],
  ): Promise<{ day: string; total: number }[]> {
    const { now } = options;
    const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const elapsed = Math.floor((now.getTime() - monthStart) / 1000) / DAY;
    // The window reaches back to the 1st (the calendar month itself, or longer).
    if (elapsed <= options.windowDays) return daily;
    const monthDays = Math.ceil(elapsed);
    const month = await this.spend(options, now, monthDays);
    return windowDays(now, monthDays).map(day => ({
      day,
      total: CostService.dayTotal(month, day),
    }));
  }

  /**
   * The entity's spend over the last `days`, in its three parts: its own
   * GPUs, the hosted APIs it calls, and its share of the self-hosted models
   * it calls; each with its cost per UTC day.
   */
  private async spend(
    options: {
      target: Target;
      models: CalledModels | Promise<CalledModels>;
    },
    now: Date,
    days: number,
  ) {
    const { target } = options;
    const [selfHosted, [hosted, attributed]] = await Promise.all([
      target.workloadId ? this.selfHosted(target, now, days) : null,
      Promise.resolve(options.models).then(models =>
        Promise.all([
          models.hosted.length
            ? this.hosted(target, models.hosted, now, days)
            : null,
          models.served.length
            ? this.attributed(target, models.served, now, days)
            : null,
        ]),
      ),
    ]);
    return { selfHosted, hosted, attributed };
  }

  /** The spend of one UTC day, all parts together. */
  private static dayTotal(
    spend: Awaited<ReturnType<CostService['spend']>>,
    day: string,
  ): number {
    return (
      (spend.selfHosted?.daily.get(day) ?? 0) +
      (spend.hosted?.daily.get(day) ?? 0) +
      (spend.attributed?.daily.get(day) ?? 0)
    );
  }

  /** Month to date from the daily series, projected linearly to month end. */
  private budget(
    budget: MonthlyBudget,
    daily: { day: string; total: number }[],
    now: Date,
    incomplete: boolean,
  ) {
    const month = now.toISOString().slice(0, 7);
    const monthToDate = daily
      .filter(d => d.day.startsWith(month))
      .reduce((a, d) => a + d.total, 0);
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    const elapsed = (now.getTime() - start) / (end - start);
    const projectedMonthEnd = elapsed > 0 ? monthToDate / elapsed : 0;
    let status: 'under' | 'at-risk' | 'over' | 'unknown' = 'under';
    if (monthToDate > budget.amount) status = 'over';
    else if (incomplete) status = 'unknown';
    else if (projectedMonthEnd > budget.amount) status = 'at-risk';
    return {
      ...budget,
      currency: budget.currency ?? this.currency,
      monthToDate,
      projectedMonthEnd,
      status,
    };
  }

  /**
   * GPUs requested by the entity's pods, per node capacity type and GPU
   * type, sampled every 15 minutes; pods that start or stop inside the
   * window (restarts, spot interruptions) count for the time they ran.
   */
  private async selfHosted(target: Target, now: Date, days: number) {
    const k = target.source.kubeStateMetrics;
    const pods = workloadPods(target);
    // Per pod, so that each pod's idle time is priced at its own node's
    // price (spot and on-demand pods are loaded differently).
    const gpusByPod = `sum by (node, namespace, pod) (${selector(
      k.gpuRequests,
      [eq('resource', k.gpuResource)],
    )} * on (namespace, pod) group_left () ${pods})`;
    const nodeLabels = `${k.capacityTypeLabel}, ${k.gpuTypeLabel}, ${k.instanceTypeLabel}`;
    const query = `sum by (namespace, pod, node, ${nodeLabels}) (${gpusByPod} * on (node) group_left (${nodeLabels}) max by (node, ${nodeLabels}) (${k.nodeLabels}))`;
    const utilisation = `avg by (namespace, pod) (${selector(
      target.source.dcgm.utilisation,
      [],
    )} * on (namespace, pod) group_left () ${pods})`;
    const { start, end } = stepGrid(now, days);
    const [gpuSeries, utilSeries] = await Promise.all([
      this.prometheus.queryRange(query, start, end, STEP),
      this.prometheus.queryRange(utilisation, start, end, STEP),
    ]);
    if (!gpuSeries.length) return null;

    const hours = STEP / 3600;
    const gpuHours = { onDemand: 0, spot: 0 };
    const cost = { onDemand: 0, spot: 0 };
    let onDemandEquivalent = 0;
    const unpriced = new Set<string>();
    const daily = new Map<string, number>();
    const podKey = (m: Record<string, string>) => `${m.namespace}/${m.pod}`;
    /** Per pod, its utilisation (%) at each step. */
    const utilByPod = new Map(
      utilSeries.map(u => [podKey(u.metric), new Map(u.values)]),
    );
    let idleHours = 0;
    let idleCost = 0;
    let busyGpuSteps = 0;
    let measuredGpuSteps = 0;
    for (const s of gpuSeries) {
      const spot = k.spotValues.includes(s.metric[k.capacityTypeLabel] ?? '');
      const price = this.gpuPrice(
        s.metric[k.gpuTypeLabel],
        s.metric[k.instanceTypeLabel],
      );
      if (!price) {
        unpriced.add(
          s.metric[k.gpuTypeLabel] ??
            s.metric[k.instanceTypeLabel] ??
            '(no GPU or instance type label)',
        );
      }
      for (const [t, gpus] of s.values) {
        if (!(gpus > 0)) continue;
        const perHour = price
          ? gpus * (spot ? price.spotPerHour : price.onDemandPerHour)
          : 0;
        gpuHours[spot ? 'spot' : 'onDemand'] += gpus * hours;
        cost[spot ? 'spot' : 'onDemand'] += perHour * hours;
        onDemandEquivalent += price ? gpus * price.onDemandPerHour * hours : 0;
        const day = dayOf(t);
        daily.set(day, (daily.get(day) ?? 0) + perHour * hours);
        // A step without a utilisation sample stays out of the idle figures.
        const u = utilByPod.get(podKey(s.metric))?.get(t);
        if (u === undefined || !Number.isFinite(u)) continue;
        const share = Math.min(1, Math.max(0, 1 - u / 100));
        idleHours += gpus * share * hours;
        idleCost += perHour * share * hours;
        busyGpuSteps += gpus * (1 - share);
        measuredGpuSteps += gpus;
      }
    }
    const events = await this.podEvents(target, gpuSeries, start, end);
    const idle = utilSeries.length
      ? {
          utilisation: measuredGpuSteps ? busyGpuSteps / measuredGpuSteps : 0,
          gpuHours: idleHours,
          cost: idleCost,
        }
      : null;
    return {
      daily,
      report: {
        gpuHours,
        cost,
        onDemandEquivalent,
        spotSavings: onDemandEquivalent - cost.onDemand - cost.spot,
        unpriced: [...unpriced].sort(),
        idle,
        events,
      },
    };
  }

  /**
   * The pods that started or stopped inside the window, from the GPU
   * request series themselves (first and last 15-minute step with GPUs);
   * a spot pod whose node's kube_node_labels ended by its next step left
   * with its node: a spot interruption.
   */
  private async podEvents(
    target: Target,
    gpuSeries: Series[],
    start: Date,
    end: Date,
  ): Promise<PodEvent[]> {
    const k = target.source.kubeStateMetrics;
    // The window's first and last steps (stepGrid).
    const first = start.getTime() / 1000;
    const last = end.getTime() / 1000;
    const events: PodEvent[] = [];
    for (const s of gpuSeries) {
      const times = s.values.filter(([, v]) => v > 0).map(([t]) => t);
      if (!times.length) continue;
      const pod = {
        namespace: s.metric.namespace ?? '',
        pod: s.metric.pod ?? '',
        node: s.metric.node ?? '',
        capacity: k.spotValues.includes(s.metric[k.capacityTypeLabel] ?? '')
          ? ('spot' as const)
          : ('on-demand' as const),
      };
      const iso = (t: number) => new Date(t * 1000).toISOString();
      if (times[0] > first) {
        events.push({ at: iso(times[0]), kind: 'started', ...pod });
      }
      const lastSeen = times[times.length - 1];
      if (lastSeen < last) {
        events.push({ at: iso(lastSeen), kind: 'stopped', ...pod });
      }
    }
    const spotStops = events.filter(
      e => e.kind === 'stopped' && e.capacity === 'spot' && e.node,
    );
    if (spotStops.length) {
      const nodes = [...new Set(spotStops.map(e => e.node))];
      const series = await this.prometheus.queryRange(
        `max by (node) (${selector(k.nodeLabels, [anyOf('node', nodes)])})`,
        start,
        end,
        STEP,
      );
      const nodeEnd = new Map(
        series.map(n => [n.metric.node, n.values[n.values.length - 1]?.[0]]),
      );
      for (const e of spotStops) {
        const gone = nodeEnd.get(e.node);
        const at = Date.parse(e.at) / 1000;
        if (gone !== undefined && gone <= at + STEP && gone < last) {
          e.kind = 'spot-interruption';
        }
      }
    }
    return events.sort((a, b) => a.at.localeCompare(b.at));
  }

  /**
   * Per GPU-hour: the GPU type's price from aiRefarch.gpuPrices, else the
   * instance type's price from aiOps.instancePrices divided by its GPUs.
   */
  private gpuPrice(
    gpuType: string | undefined,
    instanceType: string | undefined,
  ): { onDemandPerHour: number; spotPerHour: number } | undefined {
    const gpu = gpuType ? this.prices.gpu[gpuType] : undefined;
    if (gpu) return gpu;
    const instance = instanceType
      ? this.prices.instance[instanceType]
      : undefined;
    return instance
      ? {
          onDemandPerHour: instance.onDemandPerHour / instance.gpus,
          spotPerHour: instance.spotPerHour / instance.gpus,
        }
      : undefined;
  }

  /**
   * Prompt and generated tokens from the runtime's own counters, and the
   * seconds it spent in prefill and decode where it counts them.
   */
  private async tokens(target: Target, now: Date, days: number) {
    const runtime = target.runtime
      ? target.source.runtimes[target.runtime]
      : undefined;
    const counters = runtime?.tokens;
    if (!counters) return null;
    const phases = runtime.phases;
    /** Each counter's increase, as one series labelled with its part. */
    const parts: [string, string, Record<string, string>][] = [
      ['input', counters.input, {}],
      ['output', counters.output, {}],
      // One count per request in the time-to-first-token histogram.
      ['requests', `${runtime.ttft.metric}_count`, {}],
      ...(phases
        ? ([
            ['prefill', phases.prefill.metric, phases.prefill.labels],
            ['decode', phases.decode.metric, phases.decode.labels],
          ] as [string, string, Record<string, string>][])
        : []),
    ];
    const values = await valuesOverDays(
      this.prometheus,
      r =>
        parts
          .map(
            ([part, metric, labels]) =>
              `label_replace(sum(increase(${selector(metric, [
                ...target.serving,
                ...Object.entries(labels).map(([k, v]) => eq(k, v)),
              ])}[${r}])), "part", "${part}", "", "")`,
          )
          .join(' or '),
      now,
      days,
      m => m.part,
    );
    const [input, output, prefill, decode, requests] = [
      'input',
      'output',
      'prefill',
      'decode',
      'requests',
    ].map(part => values.get(part));
    if (input === undefined && output === undefined) return null;
    return {
      input: input ?? 0,
      output: output ?? 0,
      requests: requests || null,
      phases:
        prefill !== undefined && decode !== undefined && prefill! + decode! > 0
          ? { prefill: prefill!, decode: decode! }
          : null,
    };
  }

  /**
   * The cost split between input and output tokens: hosted API tokens at
   * their prices, the entity's own GPU cost by the seconds its runtime spent
   * in prefill and decode. A share of a self-hosted model it calls is priced
   * per token of either direction, so it cannot be split.
   */
  private perDirection(
    target: Target,
    parts: {
      selfHostedCost: number;
      hosted: {
        inputTokens: number;
        outputTokens: number;
        inputCost: number;
        outputCost: number;
      } | null;
      attributed: boolean;
      tokens: Awaited<ReturnType<CostService['tokens']>>;
      tokenCount: { input: number; output: number } | null;
    },
  ): { value: CostReport['perDirection']; missing: string | null } {
    if (parts.attributed) {
      return {
        value: null,
        missing:
          'a share of a self-hosted model is priced per token of either direction, not per direction',
      };
    }
    let inputCost = parts.hosted?.inputCost ?? 0;
    let outputCost = parts.hosted?.outputCost ?? 0;
    if (parts.selfHostedCost > 0) {
      const phases = parts.tokens?.phases;
      if (!phases) {
        const runtime = target.runtime ?? 'its runtime';
        const p = target.runtime
          ? target.source.runtimes[target.runtime].phases
          : undefined;
        return {
          value: null,
          missing: p
            ? `no ${p.prefill.metric} and ${p.decode.metric} series: ${runtime}'s time in prefill and decode, which splits its GPU cost between input and output tokens`
            : `${runtime} does not count its time in prefill and decode, which would split its GPU cost between input and output tokens`,
        };
      }
      const share = phases.prefill / (phases.prefill + phases.decode);
      inputCost += parts.selfHostedCost * share;
      outputCost += parts.selfHostedCost * (1 - share);
    }
    const t = parts.tokenCount;
    return {
      value: {
        inputCost,
        outputCost,
        inputPer1MTokens: t?.input ? (inputCost / t.input) * 1e6 : null,
        outputPer1MTokens: t?.output ? (outputCost / t.output) * 1e6 : null,
      },
      missing: null,
    };
  }

  /**
   * Tokens per tenant, and per direction where the counter says which, from
   * the configured tenant-labelled counter: selected by the models the
   * entity is or serves where the counter names the model (a gateway's),
   * else by the entity's own series labels.
   */
  private async tenantTokens(target: Target, now: Date, days: number) {
    const t = target.source.tenantTokens;
    if (!t) return null;
    const scope =
      t.modelLabel && target.models.length
        ? [anyOf(t.modelLabel, target.models)]
        : target.serving;
    const by = t.typeLabel ? `${t.tenantLabel}, ${t.typeLabel}` : t.tenantLabel;
    const expr = (r: string) =>
      `sum by (${by}) (increase(${selector(t.metric, scope)}[${r}]))`;
    const direction = (m: Record<string, string>) => {
      if (!t.typeLabel) return 'all';
      if (m[t.typeLabel] === t.inputValue) return 'input';
      return m[t.typeLabel] === t.outputValue ? 'output' : 'other';
    };
    const key = (m: Record<string, string>) =>
      `${m[t.tenantLabel] ?? ''}\n${direction(m)}`;
    const byDay = await valuesByDay(this.prometheus, expr, now, days, key);
    const window = sumDays(byDay);
    if (!window.size) return null;
    return { byDirection: Boolean(t.typeLabel), window, byDay };
  }

  /**
   * Each tenant's tokens and part of the total, and per day: by its shares
   * of the input and of the output tokens at their own cost where both are
   * known, else by its share of all tokens.
   */
  private static tenantCosts(
    tenants: NonNullable<Awaited<ReturnType<CostService['tenantTokens']>>>,
    total: number,
    perDirection: CostReport['perDirection'],
    days: { day: string; total: number }[],
  ): { rows: TenantCost[]; byDay: Map<string, Record<string, number>> } {
    /** Per tenant, its tokens by direction ('all' without a type label). */
    const split = (values: Map<string, number>) => {
      const out = new Map<string, Record<string, number>>();
      for (const [k, v] of values) {
        const [tenant, dir] = k.split('\n');
        const row = out.get(tenant) ?? {};
        row[dir] = (row[dir] ?? 0) + v;
        out.set(tenant, row);
      }
      return out;
    };
    const sumOf = (m: Map<string, Record<string, number>>, dir?: string) =>
      [...m.values()].reduce(
        (a, r) =>
          a + (dir ? r[dir] ?? 0 : Object.values(r).reduce((x, y) => x + y, 0)),
        0,
      );
    const directed =
      tenants.byDirection && perDirection && total > 0
        ? perDirection.inputCost /
          (perDirection.inputCost + perDirection.outputCost)
        : null;
    /** Each tenant's fraction of a cost, from its tokens. */
    const fractions = (m: Map<string, Record<string, number>>) => {
      const all = sumOf(m);
      const inputs = sumOf(m, 'input');
      const outputs = sumOf(m, 'output');
      return new Map(
        [...m].map(([tenant, r]) => {
          const tokens = Object.values(r).reduce((x, y) => x + y, 0);
          const f =
            directed !== null && inputs > 0 && outputs > 0
              ? (directed * (r.input ?? 0)) / inputs +
                ((1 - directed) * (r.output ?? 0)) / outputs
              : all && tokens / all;
          return [tenant, f];
        }),
      );
    };
    const window = split(tenants.window);
    const all = sumOf(window);
    const f = fractions(window);
    const rows = [...window]
      .map(([tenant, r]) => {
        const tokens = Object.values(r).reduce((x, y) => x + y, 0);
        return {
          tenant,
          tokens,
          inputTokens: tenants.byDirection ? r.input ?? 0 : null,
          outputTokens: tenants.byDirection ? r.output ?? 0 : null,
          share: all ? tokens / all : 0,
          cost: total * (f.get(tenant) ?? 0),
        };
      })
      .sort((a, b) => b.cost - a.cost);
    const byDay = new Map(
      days.map(({ day, total: dayTotal }) => {
        const fd = fractions(split(tenants.byDay.get(day) ?? new Map()));
        return [
          day,
          Object.fromEntries(
            [...fd].map(([tenant, x]) => [tenant, dayTotal * x]),
          ),
        ];
      }),
    );
    return { rows, byDay };
  }

  /**
   * Whether any of the entity's pods ran in the window, GPU or not: a
   * service whose pods request no GPUs has no GPU cost, which is not the
   * same as pods that cannot be found.
   */
  private async podsFound(target: Target, now: Date, days: number) {
    const { start, end } = stepGrid(now, days);
    const series = await this.prometheus.queryRange(
      `count(${workloadPods(target)})`,
      start,
      end,
      STEP,
    );
    return series.some(s => s.values.some(([, v]) => v > 0));
  }

  /**
   * The entity's share of the self-hosted models it calls. Each day, a
   * server's GPU cost is split between the models it served by their tokens;
   * a model's cost from all its servers, over all the tokens they counted
   * for it, is its price per token that day, and the entity pays it for the
   * tokens of its own calls (OpenTelemetry GenAI token usage, selected by its
   * series labels). Tokens nobody counted stay with the server, as does the
   * cost of a day on which it served none.
   */
  private async attributed(
    target: Target,
    models: ServedModel[],
    now: Date,
    days: number,
  ) {
    const h = target.source.hostedTokens;
    const calls = selector(h.metric, [
      ...target.serving,
      anyOf(
        h.modelLabel,
        models.map(m => m.name),
      ),
    ]);
    const servers = new Map(
      models.flatMap(m => m.servers).map(s => [s.entityRef, s]),
    );
    const [callsByDay, figures] = await Promise.all([
      models.every(m => m.whole)
        ? new Map<string, Map<string, number>>()
        : valuesByDay(
            this.prometheus,
            r =>
              `sum by (${h.modelLabel}, ${h.typeLabel}) (increase(${calls}[${r}]))`,
            now,
            days,
            m => `${m[h.modelLabel]}\n${m[h.typeLabel]}`,
          ),
      Promise.all(
        [...servers.values()].map(
          async s =>
            [s.entityRef, await this.serverFigures(s, now, days)] as const,
        ),
      ).then(entries => new Map(entries)),
    ]);
    const missing = new Set<string>();
    for (const f of figures.values()) if (typeof f === 'string') missing.add(f);
    const daily = new Map<string, number>();
    const byModel = models.map(m => {
      let inputTokens = 0;
      let outputTokens = 0;
      let servedTokens = 0;
      let cost = 0;
      let counted = false;
      let uncovered = 0;
      const ok = m.servers
        .map(s => figures.get(s.entityRef)!)
        .filter((f): f is ServerFigures => typeof f !== 'string');
      if (!m.servers.length) {
        missing.add(
          `no Component in the catalog serves ${m.entityRef} (ai-refarch.io/serves-models), so there is no GPU cost to share out`,
        );
      }
      for (const day of m.whole ? windowDays(now, days) : callsByDay.keys()) {
        let pooledCost = 0;
        let pooledTokens = 0;
        let pooledInput = 0;
        let pooledOutput = 0;
        for (const f of ok) {
          const tokens = f.tokens.get(day);
          const all = sumValues(tokens);
          const of = (byDay: ByDay) =>
            f.byModel
              ? byDay.get(day)?.get(m.name) ?? 0
              : sumValues(byDay.get(day));
          const forModel = f.byModel ? tokens?.get(m.name) ?? 0 : all;
          if (all > 0) pooledCost += ((f.cost.get(day) ?? 0) * forModel) / all;
          pooledTokens += forModel;
          pooledInput += of(f.input);
          pooledOutput += of(f.output);
        }
        // The model itself has all the tokens its servers counted for it; a
        // caller, those of its own calls.
        const perKey = callsByDay.get(day);
        const input = m.whole
          ? pooledInput
          : perKey?.get(`${m.name}\n${h.inputValue}`);
        const output = m.whole
          ? pooledOutput
          : perKey?.get(`${m.name}\n${h.outputValue}`);
        if (input !== undefined || output !== undefined) counted = true;
        const own = (input ?? 0) + (output ?? 0);
        inputTokens += input ?? 0;
        outputTokens += output ?? 0;
        servedTokens += pooledTokens;
        if (own > 0 && pooledTokens === 0 && ok.length) uncovered++;
        // More tokens counted by the caller than by the servers (counters
        // scraped apart) is capped at the servers' whole cost for the model.
        const dayCost = pooledTokens
          ? (pooledCost * Math.min(own, pooledTokens)) / pooledTokens
          : 0;
        cost += dayCost;
        daily.set(day, (daily.get(day) ?? 0) + dayCost);
      }
      if (!counted && !m.whole) {
        missing.add(
          `no ${selector(h.metric, [
            ...target.serving,
            eq(h.modelLabel, m.name),
          ])} series: the calls to ${
            m.entityRef
          } are not counted (export OpenTelemetry GenAI token usage, gen_ai.client.token.usage, as the RAG golden path does)`,
        );
      }
      if (uncovered) {
        missing.add(
          `the servers of ${m.entityRef} counted none of its tokens on ${uncovered} day(s) that the entity called it`,
        );
      }
      return {
        model: m.name,
        entityRef: m.entityRef,
        servedBy: m.servers.map(s => s.entityRef),
        inputTokens,
        outputTokens,
        share: servedTokens
          ? Math.min(1, (inputTokens + outputTokens) / servedTokens)
          : 0,
        cost,
      };
    });
    const withTokens = byModel.filter(m => m.inputTokens || m.outputTokens);
    return {
      daily,
      missing: [...missing],
      report: withTokens.length
        ? {
            byModel: withTokens,
            cost: withTokens.reduce((a, m) => a + m.cost, 0),
          }
        : null,
    };
  }

  /** A model server's GPU cost and its tokens per served model, per day. */
  private async serverFigures(
    server: ServedModel['servers'][number],
    now: Date,
    days: number,
  ): Promise<ServerFigures | string> {
    if ('problem' in server) return `${server.entityRef}: ${server.problem}`;
    const t = server.target;
    if (!t.workloadId) {
      return `${server.entityRef} names no pods (backstage.io/kubernetes-id), so its GPU cost cannot be found`;
    }
    const runtime = t.runtime ? t.source.runtimes[t.runtime] : undefined;
    if (!runtime?.tokens) {
      return `${server.entityRef} declares no runtime that counts tokens (ai-refarch.io/runtime), so its cost cannot be shared out by tokens`;
    }
    const label = runtime.modelLabel;
    const perModel = (metric: string) =>
      valuesByDay(
        this.prometheus,
        r =>
          `sum${label ? ` by (${label})` : ''} (increase(${selector(
            metric,
            t.serving,
          )}[${r}]))`,
        now,
        days,
        m => (label ? m[label] ?? '' : ''),
      );
    const [own, input, output] = await Promise.all([
      this.selfHosted(t, now, days),
      perModel(runtime.tokens.input),
      perModel(runtime.tokens.output),
    ]);
    if (!own) {
      return `no GPU requests match the pods of ${server.entityRef} (${t.workloadId}), so its cost cannot be shared out`;
    }
    const tokens: ByDay = new Map();
    for (const byDay of [input, output]) {
      for (const [day, perKey] of byDay) {
        const sum = tokens.get(day) ?? new Map<string, number>();
        for (const [k, v] of perKey) sum.set(k, (sum.get(k) ?? 0) + v);
        tokens.set(day, sum);
      }
    }
    return {
      cost: own.daily,
      tokens,
      input,
      output,
      byModel: Boolean(label),
    };
  }

  /** Hosted API tokens (OpenTelemetry GenAI or gateway counters) times each model's prices. */
  private async hosted(
    target: Target,
    models: HostedModel[],
    now: Date,
    days: number,
  ) {
    const h = target.source.hostedTokens;
    // A model's own page counts its use everywhere; a service's, its own calls.
    const scope: Matcher[] = target.isModel ? [] : target.serving;
    const names = models.map(m => m.name);
    const expr = (r: string) =>
      `sum by (${h.modelLabel}, ${h.typeLabel}) (increase(${selector(h.metric, [
        ...scope,
        anyOf(h.modelLabel, names),
      ])}[${r}]))`;
    const byDay = await valuesByDay(
      this.prometheus,
      expr,
      now,
      days,
      m => `${m[h.modelLabel]}\n${m[h.typeLabel]}`,
    );
    const window = sumDays(byDay);
    if (!window.size) return null;
    const tokensOf = (model: string, type: string | null) =>
      window.get(`${model}\n${type}`) ?? 0;
    /**
     * Per 1M input tokens of a model: cached input tokens (counted within
     * the input tokens, as providers and OpenTelemetry count them) at the
     * cached price, the rest at the input price. Without a cached series
     * or price, all at the input price.
     */
    const inputPrice = (m: HostedModel, input: number, cached: number) =>
      m.pricing.cachedInputPer1MTokens !== undefined && input > 0
        ? (Math.min(cached, input) * m.pricing.cachedInputPer1MTokens +
            Math.max(0, input - cached) * m.pricing.inputPer1MTokens) /
          input
        : m.pricing.inputPer1MTokens;
    const byModel = models
      .map(m => {
        const inputTokens = tokensOf(m.name, h.inputValue);
        const outputTokens = tokensOf(m.name, h.outputValue);
        const cachedInputTokens = h.cachedInputValue
          ? tokensOf(m.name, h.cachedInputValue)
          : 0;
        const inputCost =
          (inputTokens * inputPrice(m, inputTokens, cachedInputTokens)) / 1e6;
        const outputCost = (outputTokens * m.pricing.outputPer1MTokens) / 1e6;
        return {
          model: m.name,
          entityRef: m.entityRef,
          inputTokens,
          cachedInputTokens,
          outputTokens,
          inputCost,
          outputCost,
          cost: inputCost + outputCost,
        };
      })
      .filter(m => m.inputTokens || m.outputTokens);
    const cost = byModel.reduce((a, m) => a + m.cost, 0);
    const daily = new Map<string, number>();
    for (const [day, perKey] of byDay) {
      let dayCost = 0;
      for (const m of models) {
        const of = (type: string) => perKey.get(`${m.name}\n${type}`) ?? 0;
        const input = of(h.inputValue);
        const cached = h.cachedInputValue ? of(h.cachedInputValue) : 0;
        dayCost +=
          (input * inputPrice(m, input, cached) +
            of(h.outputValue) * m.pricing.outputPer1MTokens) /
          1e6;
      }
      daily.set(day, dayCost);
    }
    return { daily, report: { byModel, cost } };
  }
}
