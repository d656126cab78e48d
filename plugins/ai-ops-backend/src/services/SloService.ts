import {
  BURN_RATE_ALERTS,
  CostWindow,
  costWindowSeconds,
  Histogram,
  LATENCY_WINDOWS,
  LatencyReport,
  RuntimeMetrics,
  BurnRateAlert,
  SLO_WINDOWS,
  SloDay,
  SloReport,
  SloSpec,
} from '@ai-refarch/plugin-ai-ops-common';

import { PrometheusApi, Series } from './prometheus/PrometheusClient';
import { eq, Matcher, selector } from '@ai-refarch/plugin-ai-ops-common';
import { Target } from './targets';
import { Entity } from '@backstage/catalog-model';
import {
  TraceBackend,
  traceProjectOf,
} from '@ai-refarch/plugin-ai-scorecard-node';
import {
  DAY,
  DURATIONS,
  dayOf,
  valuesByDay,
  valuesByWindow,
  valuesOverDays,
  windowDays,
} from './windows';

/** An SLO that cannot be computed, and why, in words for its owner. */
export class SloProblem extends Error {}

/** Good and total events of an SLI, as PromQL over a range. */
type EventQueries = {
  good: (range: string) => string;
  total: (range: string) => string;
};

const WINDOW_NAMES = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
const QUANTILES = [0.5, 0.95, 0.99];

const ratio = (good: number | undefined, total: number | undefined) =>
  total && total > 0 ? (good ?? 0) / total : null;

/**
 * Of the `le` labels a histogram exports, the one at the threshold; throws
 * an SloProblem naming the nearest bucket bounds when the threshold falls
 * between them (the share of requests under it cannot be counted).
 */
export function bucketAt(
  histogram: Histogram,
  les: string[],
  thresholdSeconds: number,
): string {
  const scale = histogram.unit === 'milliseconds' ? 1000 : 1;
  const match = les.find(le => Number(le) === thresholdSeconds * scale);
  if (match) return match;
  if (!les.length) {
    throw new SloProblem(
      `no ${histogram.metric} series for this entity in the last day`,
    );
  }
  // Only the share under a bucket bound can be counted: say which bounds
  // are nearest, in seconds as objectives[0].value is.
  const bounds = les
    .filter(le => le !== '+Inf')
    .map(le => Number(le) / scale)
    .sort((a, b) => a - b);
  const below = bounds.filter(b => b < thresholdSeconds).at(-1);
  const above = bounds.find(b => b > thresholdSeconds);
  let where = `falls between its buckets ${below} and ${above}: use ${below} or ${above}`;
  if (below === undefined) {
    where = `is below its smallest bucket: use ${above}`;
  } else if (above === undefined) {
    where = `is above its largest bucket: use ${below}`;
  }
  throw new SloProblem(
    `objectives[0].value ${thresholdSeconds} s ${where} (the share of requests under a value between two bucket bounds cannot be counted; ${
      histogram.metric
    } has bucket bounds ${bounds.join(', ')} s)`,
  );
}

/**
 * An occurrences SLO's attainment and burn-rate status from its good and
 * total requests per window (the burn-rate windows and its own).
 */
export function occurrenceStatus(
  good: Map<string, number>,
  total: Map<string, number>,
  window: string,
  target: number,
): {
  good: number;
  total: number;
  attainment: number | null;
  alerts: BurnRateAlert[];
  status: SloReport['status'];
} {
  const burn = (w: string) => {
    const sli = ratio(good.get(w), total.get(w));
    return sli === null ? null : (1 - sli) / (1 - target);
  };
  const g = good.get(window) ?? 0;
  const t = total.get(window) ?? 0;
  return { good: g, total: t, ...burnStatus(ratio(g, t), burn) };
}

/** The burn-rate alerts, and the status they and the attainment give. */
function burnStatus(
  attainment: number | null,
  burn: (w: string) => number | null,
): {
  attainment: number | null;
  alerts: BurnRateAlert[];
  status: SloReport['status'];
} {
  const alerts: BurnRateAlert[] = BURN_RATE_ALERTS.map(a => {
    const longRate = burn(a.long);
    const shortRate = burn(a.short);
    return {
      ...a,
      longRate,
      shortRate,
      firing:
        longRate !== null &&
        shortRate !== null &&
        longRate > a.factor &&
        shortRate > a.factor,
    };
  });
  const firing = (severity: string) =>
    alerts.some(a => a.severity === severity && a.firing);
  let status: SloReport['status'] = 'ok';
  if (attainment === null) status = 'no-data';
  else if (firing('page')) status = 'page';
  else if (firing('ticket')) status = 'ticket';
  return { attainment, alerts, status };
}

/** The windows an occurrences SLO is read over: burn-rate windows and its own. */
export const occurrenceWindows = (window: string) => [...WINDOW_NAMES, window];

/** Computes SLOs from a runtime's metrics in Prometheus. */
export class SloService {
  /** Bucket labels by query: the latency table and a latency SLO ask alike. */
  private readonly bucketQueries = new Map<string, Promise<Series[]>>();

  constructor(
    private readonly prometheus: PrometheusApi,
    /** Where a quality SLO from tracing reads its scores: the entity's trace back end. */
    private readonly traces?: { entity: Entity; backends: TraceBackend[] },
  ) {}

  /**
   * The SLO over its own window; with `countWindow`, an availability or
   * latency SLI's good and total requests over that window too.
   */
  async compute(
    slo: SloSpec,
    target: Target,
    now: Date,
    countWindow?: CostWindow,
  ): Promise<SloReport> {
    const objective = slo.objectives[0];
    const window = slo.timeWindow[0].duration;
    const base = {
      name: slo.name,
      displayName: slo.displayName ?? objective.displayName ?? slo.name,
      indicator: slo.indicator.type,
      runtime: target.runtime,
      window,
      target: objective.target,
      threshold: objective.value ?? null,
    };
    if (slo.indicator.type === 'quality') {
      const scored = await this.qualityPoints(slo, target, now);
      return {
        ...base,
        ...this.timeslices(slo, scored.points, now),
        windowCounts: null,
        ...(scored.scores ? { scores: scored.scores } : {}),
      };
    }
    const [report, counts] = await Promise.all([
      this.eventQueries(slo, target, now).then(q =>
        this.occurrences(q, slo, now),
      ),
      countWindow
        ? this.requestCounts(
            slo,
            target,
            now,
            costWindowSeconds(countWindow, now),
          )
        : null,
    ]);
    return {
      ...base,
      ...report,
      windowCounts:
        counts && countWindow
          ? {
              window: countWindow,
              ...counts,
              sli: ratio(counts.good, counts.total),
            }
          : null,
    };
  }

  /**
   * An availability or latency SLO's good and total requests over the last
   * `seconds` (any window, not only the SLO's own). Null for a quality SLO,
   * which counts time slices, not requests.
   */
  async requestCounts(
    slo: SloSpec,
    target: Target,
    now: Date,
    seconds: number,
  ): Promise<{ good: number; total: number } | null> {
    if (slo.indicator.type === 'quality') return null;
    const q = await this.eventQueries(slo, target, now);
    // Day by day, so that the complete days come from the day cache; good
    // and total in one query, each labelled with its part.
    const counts = await valuesOverDays(
      this.prometheus,
      r =>
        `label_replace(${q.good(
          r,
        )}, "part", "good", "", "") or label_replace(${q.total(
          r,
        )}, "part", "total", "", "")`,
      now,
      seconds / DAY,
      m => m.part,
    );
    return { good: counts.get('good') ?? 0, total: counts.get('total') ?? 0 };
  }

  private runtimeMetrics(target: Target): RuntimeMetrics {
    if (!target.runtime) {
      throw new SloProblem(
        `the serving runtime is unknown: set indicator.runtime, or annotation ai-refarch.io/runtime on a Component (spec.serving.runtime on an AIModel)`,
      );
    }
    return target.source.runtimes[target.runtime];
  }

  private async eventQueries(
    slo: SloSpec,
    target: Target,
    now: Date,
  ): Promise<EventQueries> {
    const m = this.runtimeMetrics(target);
    const sel = target.serving;
    const increase = (metric: string, matchers: Matcher[]) => (r: string) =>
      `sum(increase(${selector(metric, matchers)}[${r}]))`;
    if (slo.indicator.type === 'availability') {
      const errors = increase(m.errors.metric, [
        ...sel,
        ...Object.entries(m.errors.labels).map(([label, value]) => ({
          label,
          op: '=~' as const,
          value,
        })),
      ]);
      // No error series at all means no errors, not no data.
      const errorsOrNone = (r: string) => `(${errors(r)} or vector(0))`;
      const total = m.requests
        ? increase(m.requests, sel)
        : (r: string) =>
            `(${increase(m.successes!, sel)(r)} + ${errorsOrNone(r)})`;
      return {
        total,
        good: r => `(${total(r)} - ${errorsOrNone(r)})`,
      };
    }
    const histogram: Histogram | undefined =
      slo.indicator.type === 'ttft' ? m.ttft : m.interTokenLatency;
    if (!histogram) {
      throw new SloProblem(
        `${target.runtime} exports no inter-token latency histogram`,
      );
    }
    const le = await this.bucket(histogram, sel, slo.objectives[0].value!, now);
    return {
      total: increase(`${histogram.metric}_count`, sel),
      good: increase(`${histogram.metric}_bucket`, [...sel, eq('le', le)]),
    };
  }

  /** The `le` labels of a histogram's buckets, as exported in the last day. */
  private async bucketLabels(
    metric: string,
    sel: Matcher[],
    now: Date,
  ): Promise<string[]> {
    const query = `count by (le) (last_over_time(${selector(
      `${metric}_bucket`,
      sel,
    )}[1d]))`;
    let series = this.bucketQueries.get(query);
    if (!series) {
      series = this.prometheus.query(query, now);
      this.bucketQueries.set(query, series);
    }
    return (await series).map(s => s.metric.le).filter(Boolean);
  }

  /** The `le` label of the histogram's bucket at the threshold, as exported. */
  private async bucket(
    histogram: Histogram,
    sel: Matcher[],
    thresholdSeconds: number,
    now: Date,
  ): Promise<string> {
    return bucketAt(
      histogram,
      await this.bucketLabels(histogram.metric, sel, now),
      thresholdSeconds,
    );
  }

  /**
   * Time to first token and inter-token latency as the 50th, 95th and
   * 99th percentiles over the last hour and day, from the runtime's
   * histograms, in seconds.
   */
  async latency(target: Target, now: Date): Promise<LatencyReport[]> {
    if (!target.runtime) return [];
    const m = target.source.runtimes[target.runtime];
    const histograms = [
      ['ttft', m.ttft, 'time-to-first-token'],
      ['inter-token-latency', m.interTokenLatency, 'inter-token latency'],
    ] as const;
    return Promise.all(
      histograms.map(async ([indicator, histogram, words]) => {
        if (!histogram) {
          return {
            indicator,
            metric: null,
            state: 'no-histogram' as const,
            reason: `${target.runtime} exports no ${words} histogram`,
            windows: [],
            buckets: [],
          };
        }
        const scale = histogram.unit === 'milliseconds' ? 1000 : 1;
        const bucket = selector(`${histogram.metric}_bucket`, target.serving);
        const union = LATENCY_WINDOWS.flatMap(w =>
          QUANTILES.map(
            q =>
              `label_replace(label_replace(histogram_quantile(${q}, sum by (le) (rate(${bucket}[${w}]))), "q", "${q}", "", ""), "window", "${w}", "", "")`,
          ),
        ).join(' or ');
        const [series, les] = await Promise.all([
          this.prometheus.query(union, now),
          this.bucketLabels(histogram.metric, target.serving, now),
        ]);
        const value = (w: string, q: number) => {
          const v = series.find(
            s => s.metric.window === w && Number(s.metric.q) === q,
          )?.values[0]?.[1];
          return v !== undefined && Number.isFinite(v) ? v / scale : null;
        };
        const windows = LATENCY_WINDOWS.map(window => ({
          window,
          p50: value(window, 0.5),
          p95: value(window, 0.95),
          p99: value(window, 0.99),
        }));
        const seen = windows.some(w => w.p50 !== null);
        return {
          indicator,
          metric: histogram.metric,
          state: seen ? ('ok' as const) : ('no-data' as const),
          ...(!seen && {
            reason: `no ${histogram.metric} observations for this entity in the last day`,
          }),
          windows,
          buckets: les
            .filter(le => le !== '+Inf')
            .map(le => Number(le) / scale)
            .sort((a, b) => a - b),
        };
      }),
    );
  }

  private async occurrences(q: EventQueries, slo: SloSpec, now: Date) {
    const { target } = slo.objectives[0];
    const window = slo.timeWindow[0].duration;
    const windows = occurrenceWindows(window);
    const [good, total, goodByDay, totalByDay] = await Promise.all([
      valuesByWindow(this.prometheus, q.good, windows, now),
      valuesByWindow(this.prometheus, q.total, windows, now),
      valuesByDay(this.prometheus, q.good, now, SLO_WINDOWS[window]),
      valuesByDay(this.prometheus, q.total, now, SLO_WINDOWS[window]),
    ]);
    const burn = (w: string) => {
      const sli = ratio(good.get(w), total.get(w));
      return sli === null ? null : (1 - sli) / (1 - target);
    };
    const daily = this.daily(
      [...goodByDay.keys()].map(day => ({
        day,
        good: goodByDay.get(day)?.get('') ?? 0,
        total: totalByDay.get(day)?.get('') ?? 0,
      })),
      target,
      total.get(window) ?? 0,
    );
    return this.summary({
      good: good.get(window) ?? 0,
      total: total.get(window) ?? 0,
      current: ratio(good.get('1h'), total.get('1h')),
      burn,
      target,
      daily,
      unit: 'requests' as const,
    });
  }

  /**
   * Quality as Timeslices: the evaluation score averaged per slice, a slice
   * good when the average meets the objective; slices without samples do
   * not count.
   */
  /**
   * A quality SLO's score per time slice, [end of slice, mean]: from
   * Prometheus, or the hourly means of the online evaluation in the
   * entity's trace back end (each hour stamped at its last second).
   */
  private async qualityPoints(
    slo: SloSpec,
    target: Target,
    now: Date,
  ): Promise<{ points: [number, number][]; scores?: SloReport['scores'] }> {
    const objective = slo.objectives[0];
    const days = SLO_WINDOWS[slo.timeWindow[0].duration];
    if (slo.indicator.source !== 'tracing') {
      const slice = objective.timeSliceWindow ?? '5m';
      const step = DURATIONS[slice === '5m' ? '5m' : '1h'];
      const series = await this.prometheus.queryRange(
        `avg(avg_over_time(${selector(
          slo.indicator.metric!,
          target.serving,
        )}[${slice}]))`,
        new Date(now.getTime() - days * DAY * 1000 + step * 1000),
        now,
        step,
      );
      return { points: series[0]?.values ?? [] };
    }
    if (!this.traces) {
      throw new SloProblem(
        'no trace back end is configured (aiScorecard.tracing)',
      );
    }
    const where = traceProjectOf(this.traces.entity, this.traces.backends);
    if ('untraced' in where) {
      throw new SloProblem(
        `its scores come from the trace back end, but ${where.untraced}`,
      );
    }
    if ('problem' in where) throw new SloProblem(where.problem);
    const score = slo.indicator.score!;
    let hours;
    try {
      hours = await where.backend.hourlyScores(where.project, score, {
        // Whole hours: the first slice starts on the hour.
        from: new Date(
          Math.floor((now.getTime() - days * DAY * 1000) / 3_600_000 + 1) *
            3_600_000,
        ),
        to: now,
      });
    } catch (error) {
      throw new SloProblem((error as Error).message);
    }
    return {
      points: hours.map(h => [h.hour.getTime() / 1000 + 3599, h.mean]),
      scores: {
        backend: where.backend.title,
        project: where.project,
        score,
        demo: where.backend.demo ?? false,
      },
    };
  }

  private timeslices(slo: SloSpec, points: [number, number][], now: Date) {
    const objective = slo.objectives[0];
    const days = SLO_WINDOWS[slo.timeWindow[0].duration];
    const nowS = now.getTime() / 1000;
    const count = (since: number) => {
      const inRange = points.filter(([t]) => t > nowS - since);
      return {
        good: inRange.filter(([, v]) => v >= objective.value!).length,
        total: inRange.length,
      };
    };
    const all = count(days * DAY);
    const burn = (w: string) => {
      const c = count(DURATIONS[w]);
      const sli = ratio(c.good, c.total);
      return sli === null ? null : (1 - sli) / (1 - objective.target);
    };
    const byDay = new Map(
      windowDays(now, days).map(d => [d, { good: 0, total: 0 }]),
    );
    for (const [t, v] of points) {
      const d = byDay.get(dayOf(t));
      if (!d) continue;
      d.total++;
      if (v >= objective.value!) d.good++;
    }
    return this.summary({
      ...all,
      current: ratio(count(3600).good, count(3600).total),
      burn,
      target: objective.target,
      daily: this.daily(
        [...byDay].map(([day, c]) => ({ day, ...c })),
        objective.target,
        all.total,
      ),
      unit: 'time slices' as const,
    });
  }

  /** Per day: the SLI, and how much of the window's error budget is left at its end. */
  private daily(
    days: { day: string; good: number; total: number }[],
    target: number,
    windowTotal: number,
  ): SloDay[] {
    const budget = (1 - target) * windowTotal;
    let spent = 0;
    return days.map(d => {
      spent += Math.max(0, d.total - d.good);
      return {
        day: d.day,
        sli: ratio(d.good, d.total),
        budgetRemaining: budget > 0 ? 1 - spent / budget : null,
      };
    });
  }

  private summary(r: {
    good: number;
    total: number;
    current: number | null;
    burn: (w: string) => number | null;
    target: number;
    daily: SloDay[];
    unit: SloReport['unit'];
  }): Omit<
    SloReport,
    | 'name'
    | 'displayName'
    | 'indicator'
    | 'runtime'
    | 'window'
    | 'target'
    | 'threshold'
    | 'windowCounts'
  > {
    const { attainment, alerts, status } = burnStatus(
      ratio(r.good, r.total),
      r.burn,
    );
    return {
      current: r.current,
      attainment,
      errorBudgetRemaining:
        attainment === null ? null : 1 - (1 - attainment) / (1 - r.target),
      good: r.good,
      total: r.total,
      unit: r.unit,
      alerts,
      status,
      daily: r.daily,
    };
  }
}
