import { PrometheusApi, Series } from './prometheus/PrometheusClient';

export const DAY = 86_400;

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

/** The UTC days of a window that ends now, oldest first, today last. */
export function windowDays(now: Date, days: number): string[] {
  const result: string[] = [];
  const today = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
  );
  for (let i = days - 1; i >= 0; i--) {
    result.push(new Date(today - i * DAY * 1000).toISOString().slice(0, 10));
  }
  return result;
}

/**
 * Per UTC day of the window, the value of `expr(range)` over that day: full
 * days from a range query evaluated at each midnight, today from an instant
 * query over the time since midnight. Counter resets within a day are
 * handled by the `increase()` in `expr`, as PromQL handles them.
 */
export async function valuesByDay(
  prometheus: PrometheusApi,
  expr: (range: string) => string,
  now: Date,
  days: number,
  key: (labels: Record<string, string>) => string = () => '',
): Promise<Map<string, Map<string, number>>> {
  const dayList = windowDays(now, days);
  const midnight = Date.parse(`${dayList[dayList.length - 1]}T00:00:00Z`);
  const sinceMidnight = Math.max(
    60,
    Math.floor((now.getTime() - midnight) / 1000),
  );
  const [full, today] = await Promise.all([
    days > 1
      ? prometheus.queryRange(
          expr('1d'),
          new Date(midnight - (days - 2) * DAY * 1000),
          new Date(midnight),
          DAY,
        )
      : Promise.resolve([] as Series[]),
    prometheus.query(expr(`${sinceMidnight}s`), now),
  ]);
  const result = new Map<string, Map<string, number>>(
    dayList.map(d => [d, new Map()]),
  );
  const add = (day: string, name: string, value: number) => {
    if (!Number.isFinite(value)) return;
    const m = result.get(day);
    if (m) m.set(name, (m.get(name) ?? 0) + value);
  };
  for (const s of full) {
    for (const [t, v] of s.values) {
      // The value at a midnight covers the day before it.
      const day = new Date((t - DAY) * 1000).toISOString().slice(0, 10);
      add(day, key(s.metric), v);
    }
  }
  for (const s of today) {
    add(dayList[dayList.length - 1], key(s.metric), s.values[0][1]);
  }
  return result;
}
