import { DAY } from '../windows';
import { AlertingRule, PrometheusApi, Series } from './PrometheusClient';

/** One series over one UTC day: its value at each step where it has one. */
type DaySeries = {
  metric: Record<string, string>;
  values: Float64Array;
  present: Uint8Array;
};
/**
 * A complete day's answer: the day (unix seconds of its midnight), its
 * series, and when it was fetched (unix seconds).
 */
type Day = { day: number; series: DaySeries[]; fetchedAt: number };

/**
 * A Prometheus client that keeps the range-query answers of complete past
 * UTC days, so that a window of 30 days asks Prometheus only for the part
 * of today it covers once the days before have been asked for.
 *
 * A day's answer is kept only when the range query's grid is aligned to
 * the step (its start a multiple of the step, and the step a divisor of a
 * day) and the day's last step is `settleSeconds` in the past by the clock,
 * so that late samples have arrived. Days are fetched whole and trimmed to
 * the window; consecutive missing days go in one query. The answers are
 * the same as the wrapped client's (a test compares them), and kept at
 * most `maxAgeSeconds`, for history backfilled later; instant queries
 * and alerting rules pass through. Memory is bounded by `maxPoints` steps
 * kept (9 bytes each), the least recently used days going first.
 */
export class DayCachedPrometheus implements PrometheusApi {
  private readonly days = new Map<string, Day>();
  private points = 0;

  constructor(
    private readonly prometheus: PrometheusApi,
    private readonly options: {
      maxPoints: number;
      settleSeconds: number;
      /** How long a day's answer is kept at most (data backfilled later). */
      maxAgeSeconds: number;
      /** The clock, in unix seconds; a test sets it. */
      now?: () => number;
    },
  ) {}

  alertingRules(): Promise<AlertingRule[]> {
    return this.prometheus.alertingRules();
  }

  query(promql: string, time: Date): Promise<Series[]> {
    return this.prometheus.query(promql, time);
  }

  async queryRange(
    promql: string,
    start: Date,
    end: Date,
    stepSeconds: number,
  ): Promise<Series[]> {
    const from = start.getTime() / 1000;
    const to = end.getTime() / 1000;
    if (
      !Number.isInteger(from) ||
      !Number.isInteger(stepSeconds) ||
      stepSeconds <= 0 ||
      DAY % stepSeconds !== 0 ||
      from % stepSeconds !== 0 ||
      to < from
    ) {
      return this.prometheus.queryRange(promql, start, end, stepSeconds);
    }
    const now = this.clock();
    const settled = now - this.options.settleSeconds;
    const firstDay = Math.floor(from / DAY) * DAY;
    const lastDay = Math.floor(to / DAY) * DAY;
    const answers: Promise<Day[]>[] = [];
    /** Complete days not kept yet, fetched in runs of consecutive days. */
    let run: number[] = [];
    const flush = () => {
      if (run.length) answers.push(this.fetchDays(promql, run, stepSeconds));
      run = [];
    };
    let partial: Promise<Series[]> = Promise.resolve([]);
    for (let day = firstDay; day <= lastDay; day += DAY) {
      if (day + DAY - stepSeconds > settled) {
        // Today, or a day too recent to be settled: only what is asked for.
        flush();
        partial = this.prometheus.queryRange(
          promql,
          new Date(Math.max(day, from) * 1000),
          end,
          stepSeconds,
        );
        break;
      }
      const k = key(promql, stepSeconds, day);
      const answer = this.days.get(k);
      if (answer && answer.fetchedAt + this.options.maxAgeSeconds > now) {
        flush();
        // Used now: a Map iterates in insertion order, oldest use first.
        this.days.delete(k);
        this.days.set(k, answer);
        answers.push(Promise.resolve([answer]));
      } else {
        run.push(day);
      }
    }
    flush();
    const [days, recent] = await Promise.all([Promise.all(answers), partial]);
    return merge(days.flat(), recent, from, to, stepSeconds);
  }

  /** Fetches consecutive whole days in one query, and keeps each. */
  private async fetchDays(
    promql: string,
    days: number[],
    step: number,
  ): Promise<Day[]> {
    const first = days[0];
    const last = days[days.length - 1];
    const series = await this.prometheus.queryRange(
      promql,
      new Date(first * 1000),
      new Date((last + DAY - step) * 1000),
      step,
    );
    const perDay = DAY / step;
    const fetchedAt = this.clock();
    const answers = new Map<number, Day>(
      days.map(day => [day, { day, series: [], fetchedAt }]),
    );
    // One pass over each series, each value into its day.
    for (const s of series) {
      let current: DaySeries | undefined;
      let currentDay = NaN;
      for (const [t, v] of s.values) {
        const day = Math.floor(t / DAY) * DAY;
        if (day !== currentDay) {
          currentDay = day;
          current = {
            metric: s.metric,
            values: new Float64Array(perDay),
            present: new Uint8Array(perDay),
          };
          answers.get(day)?.series.push(current);
        }
        current!.values[(t - day) / step] = v;
        current!.present[(t - day) / step] = 1;
      }
    }
    for (const answer of answers.values()) {
      this.keep(key(promql, step, answer.day), answer);
    }
    return [...answers.values()];
  }

  /** Now, in unix seconds. */
  private clock(): number {
    return this.options.now?.() ?? Date.now() / 1000;
  }

  private keep(k: string, answer: Day) {
    const size = pointsOf(answer);
    // A day larger than the whole cache is answered, not kept.
    if (size > this.options.maxPoints) return;
    const old = this.days.get(k);
    if (old) this.points -= pointsOf(old);
    this.days.delete(k);
    this.days.set(k, answer);
    this.points += size;
    for (const [oldest, day] of this.days) {
      if (this.points <= this.options.maxPoints) break;
      this.days.delete(oldest);
      this.points -= pointsOf(day);
    }
  }
}

function pointsOf(day: Day) {
  return day.series.reduce((n, s) => n + s.values.length, 0);
}

function key(promql: string, step: number, day: number) {
  return `${day}\n${step}\n${promql}`;
}

/** The series of the kept days and the partial answer, within [from, to]. */
function merge(
  days: Day[],
  partial: Series[],
  from: number,
  to: number,
  step: number,
): Series[] {
  const bySeries = new Map<string, Series>();
  const seriesOf = (metric: Record<string, string>) => {
    const id = JSON.stringify(
      Object.keys(metric)
        .sort()
        .map(k => [k, metric[k]]),
    );
    let s = bySeries.get(id);
    if (!s) bySeries.set(id, (s = { metric, values: [] }));
    return s;
  };
  for (const { day, series } of days) {
    for (const d of series) {
      const s = seriesOf(d.metric);
      d.values.forEach((v, i) => {
        const t = day + i * step;
        if (d.present[i] && t >= from && t <= to) s.values.push([t, v]);
      });
    }
  }
  for (const p of partial) {
    const s = seriesOf(p.metric);
    for (const [t, v] of p.values) {
      if (t >= from && t <= to) s.values.push([t, v]);
    }
  }
  return [...bySeries.values()].filter(s => s.values.length > 0);
}
