import { PrometheusApi, Series } from './prometheus/PrometheusClient';
import { DAY, dayOf, valuesByDay, valuesOverDays, windowDays } from './windows';

/** Seconds per unit of a PromQL range. */
const UNIT: Record<string, number> = { s: 1, h: 3600, d: 86_400 };

const at = (iso: string) => new Date(iso);

describe('dayOf', () => {
  it('gives a value ending at midnight to the day before it', () => {
    expect(dayOf(Date.parse('2026-11-28T00:00:00Z') / 1000)).toBe('2026-11-27');
    expect(dayOf(Date.parse('2026-11-28T00:00:01Z') / 1000)).toBe('2026-11-28');
  });
});

describe('windowDays', () => {
  it('ends a window that ends at midnight with the full day before it', () => {
    expect(windowDays(at('2026-11-28T00:00:00Z'), 3)).toEqual([
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
  });

  it('lists the partial first day and today when the window starts inside a day', () => {
    expect(windowDays(at('2026-11-28T00:15:00Z'), 3)).toEqual([
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
    ]);
    expect(windowDays(at('2026-12-01T23:59:00Z'), 1)).toEqual([
      '2026-11-30',
      '2026-12-01',
    ]);
  });
});

/**
 * A counter rising by 1 a second: `increase(x[r])` at time t is the range's
 * length in seconds, so each day's value says which part of it was asked
 * for. Records the queries.
 */
function risingCounter() {
  const queries: string[] = [];
  const seconds = (promql: string) => {
    const m = /\[(\d+)(s|h|d)\]/.exec(promql)!;
    return Number(m[1]) * UNIT[m[2]];
  };
  const api: PrometheusApi = {
    alertingRules: async () => [],
    query: async (promql, time) => {
      queries.push(`instant ${seconds(promql)}s at ${time.toISOString()}`);
      return [
        { metric: {}, values: [[time.getTime() / 1000, seconds(promql)]] },
      ];
    },
    queryRange: async (promql, start, end, step): Promise<Series[]> => {
      queries.push(
        `range ${start.toISOString()}..${end.toISOString()} every ${step}s`,
      );
      const values: [number, number][] = [];
      for (let t = start.getTime() / 1000; t <= end.getTime() / 1000; t += step)
        values.push([t, seconds(promql)]);
      return [{ metric: {}, values }];
    },
  };
  return { api, queries };
}

describe('valuesByDay', () => {
  const expr = (r: string) => `sum(increase(x[${r}]))`;

  it('splits a window into its partial first day, full days and today', async () => {
    const { api, queries } = risingCounter();
    const byDay = await valuesByDay(api, expr, at('2026-11-28T06:00:00Z'), 3);
    expect([...byDay].map(([d, m]) => [d, m.get('')])).toEqual([
      ['2026-11-25', 18 * 3600],
      ['2026-11-26', DAY],
      ['2026-11-27', DAY],
      ['2026-11-28', 6 * 3600],
    ]);
    expect(queries.sort()).toEqual([
      'instant 21600s at 2026-11-28T06:00:00.000Z',
      'range 2026-11-25T07:00:00.000Z..2026-11-26T00:00:00.000Z every 3600s',
      'range 2026-11-27T00:00:00.000Z..2026-11-28T00:00:00.000Z every 86400s',
    ]);
  });

  it('reads the partial first day as its part hour and its whole hours', async () => {
    // Whole hours come from a range query a DayCachedPrometheus keeps; was
    // one instant query over most of a day, read again at every request.
    const { api, queries } = risingCounter();
    const byDay = await valuesByDay(api, expr, at('2026-11-28T06:20:00Z'), 2);
    expect([...byDay].map(([d, m]) => [d, m.get('')])).toEqual([
      ['2026-11-26', 17 * 3600 + 40 * 60],
      ['2026-11-27', DAY],
      ['2026-11-28', 6 * 3600 + 20 * 60],
    ]);
    expect(queries.sort()).toEqual([
      'instant 22800s at 2026-11-28T06:20:00.000Z',
      'instant 2400s at 2026-11-26T07:00:00.000Z',
      'range 2026-11-26T08:00:00.000Z..2026-11-27T00:00:00.000Z every 3600s',
      'range 2026-11-28T00:00:00.000Z..2026-11-28T00:00:00.000Z every 86400s',
    ]);
  });

  it('asks for a window inside one day once, and counts it once', async () => {
    // Was: the hour was also asked for up to the next midnight, and counted twice.
    const { api, queries } = risingCounter();
    const byDay = await valuesByDay(
      api,
      expr,
      at('2026-11-28T06:00:00Z'),
      1 / 24,
    );
    expect([...byDay].map(([d, m]) => [d, m.get('')])).toEqual([
      ['2026-11-28', 3600],
    ]);
    expect(queries).toEqual(['instant 3600s at 2026-11-28T06:00:00.000Z']);
  });

  it('gives an hour that ends at midnight to the day before', async () => {
    const { api } = risingCounter();
    const byDay = await valuesByDay(
      api,
      expr,
      at('2026-11-28T00:00:00Z'),
      1 / 24,
    );
    expect([...byDay].map(([d, m]) => [d, m.get('')])).toEqual([
      ['2026-11-27', 3600],
    ]);
  });
});

describe('valuesOverDays', () => {
  it('adds up the days of the window, per key', async () => {
    const { api } = risingCounter();
    const window = await valuesOverDays(
      api,
      r => `sum(increase(x[${r}]))`,
      at('2026-11-28T06:00:00Z'),
      30,
    );
    expect(window).toEqual(new Map([['', 30 * DAY]]));
  });
});
