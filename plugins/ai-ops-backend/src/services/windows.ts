import { PrometheusApi, Series } from './prometheus/PrometheusClient';

export const DAY = 86_400;
const HOUR = 3600;

/** PromQL durations of the burn-rate and current windows, in seconds. */
export const DURATIONS: Record<string, number> = {
  '5m': 300,
  '30m': 1800,
  '1h': 3600,
  '2h': 7200,
  '6h': 21600,
  '1d': DAY,
  '3d': 3 * DAY,
};

/**
 * Evaluates `expr(window)` for several windows in one instant query, as a
 * union of series each labelled with its window; an expression without data
 * in a window is simply absent. Returns the value per window.
 */
export async function valuesByWindow(
  prometheus: PrometheusApi,
  expr: (range: string) => string,
  windows: string[],
  now: Date,
): Promise<Map<string, number>> {
  const union = windows
    .map(w => `label_replace(${expr(w)}, "window", "${w}", "", "")`)
    .join(' or ');
  const series = await prometheus.query(union, now);
  return new Map(
    series
      .filter(s => Number.isFinite(s.values[0]?.[1]))
      .map(s => [s.metric.window, s.values[0][1]]),
  );
}

/**
 * The UTC day (YYYY-MM-DD) that a value ending at `seconds` covers: a
 * sample, range-query step or `increase()` ending at midnight covers the day
 * before it, so a window ending exactly at midnight ends with that full day.
 */
export function dayOf(seconds: number): string {
  return new Date(seconds * 1000 - 1).toISOString().slice(0, 10);
}

/**
 * The UTC days that the window of `days` days ending at `now` touches,
 * oldest first: unless the window starts at midnight, its first day is
 * partial, and so is its last, the day of `now`.
 */
export function windowDays(now: Date, days: number): string[] {
  const end = now.getTime() / 1000;
  const result: string[] = [];
  for (let t = end - days * DAY; dayOf(end) >= dayOf(t + 1); t += DAY) {
    result.push(dayOf(t + 1));
  }
  return result;
}

/**
 * Per UTC day of the window, the value of `expr(range)` over the part of
 * that day inside the window, so that the days add up to the window: full
 * days from a range query evaluated at each midnight, the partial first day
 * from its whole hours and an instant query for its part hour, the last day
 * from an instant query at its end. Counter resets are handled by the
 * `increase()` in `expr`, as PromQL handles them.
 */
export async function valuesByDay(
  prometheus: PrometheusApi,
  expr: (range: string) => string,
  now: Date,
  days: number,
  key: (labels: Record<string, string>) => string = () => '',
): Promise<Map<string, Map<string, number>>> {
  const end = Math.floor(now.getTime() / 1000);
  const start = end - days * DAY;
  const firstMidnight = Math.ceil(start / DAY) * DAY;
  const lastMidnight = Date.parse(`${dayOf(end)}T00:00:00Z`) / 1000;
  /** The value over (from, to], evaluated at `to`. */
  const over = (from: number, to: number) =>
    prometheus.query(expr(`${Math.max(1, to - from)}s`), new Date(to * 1000));
  // A window inside one day (1 hour, say) is one query over the window.
  const oneDay = firstMidnight > lastMidnight;
  // The first, partial day: its part hour, then its whole hours from a range
  // query that a DayCachedPrometheus keeps (the day is past), so that only
  // up to an hour of it is read each time rather than most of a day.
  const firstHour = Math.ceil(start / HOUR) * HOUR;
  const partialFirst = firstMidnight > start && !oneDay;
  const [head, hours, full, last] = await Promise.all([
    partialFirst && firstHour > start
      ? over(start, firstHour)
      : Promise.resolve([] as Series[]),
    partialFirst && firstMidnight > firstHour
      ? prometheus.queryRange(
          expr('1h'),
          new Date((firstHour + HOUR) * 1000),
          new Date(firstMidnight * 1000),
          HOUR,
        )
      : Promise.resolve([] as Series[]),
    lastMidnight > firstMidnight
      ? prometheus.queryRange(
          expr('1d'),
          new Date((firstMidnight + DAY) * 1000),
          new Date(lastMidnight * 1000),
          DAY,
        )
      : Promise.resolve([] as Series[]),
    over(Math.max(lastMidnight, start), end),
  ]);
  const result = new Map<string, Map<string, number>>(
    windowDays(now, days).map(d => [d, new Map()]),
  );
  for (const s of [...head, ...hours, ...full, ...last]) {
    for (const [t, v] of s.values) {
      const m = result.get(dayOf(t));
      if (m && Number.isFinite(v)) {
        m.set(key(s.metric), (m.get(key(s.metric)) ?? 0) + v);
      }
    }
  }
  return result;
}

/** Per key, the sum of its values over the days of `valuesByDay`. */
export function sumDays(
  byDay: Map<string, Map<string, number>>,
): Map<string, number> {
  const result = new Map<string, number>();
  for (const perKey of byDay.values()) {
    for (const [k, v] of perKey) result.set(k, (result.get(k) ?? 0) + v);
  }
  return result;
}

/**
 * The value of `expr(range)` over the last `days`, per key, as the sum of
 * its values per UTC day (`valuesByDay`): the complete days and hours come
 * from range queries that a DayCachedPrometheus keeps, so that a window of
 * 30 days asks Prometheus each time only for its first part hour and today,
 * where one `increase()` over the window would read all 30 days' samples.
 * The sum differs from that single `increase()` only by its extrapolation
 * at each boundary, within a scrape interval's worth of the counter's rate
 * (test:prometheus checks the figures against the generated ground truth).
 */
export async function valuesOverDays(
  prometheus: PrometheusApi,
  expr: (range: string) => string,
  now: Date,
  days: number,
  key: (labels: Record<string, string>) => string = () => '',
): Promise<Map<string, number>> {
  return sumDays(await valuesByDay(prometheus, expr, now, days, key));
}
