import { DayCachedPrometheus } from './DayCachedPrometheus';
import { PrometheusApi, Series } from './PrometheusClient';

const DAY = 86_400;
const STEP = 900;
const MIDNIGHT = Date.UTC(2026, 10, 20) / 1000;

/**
 * A Prometheus that answers range queries as the real one does: each step
 * on the grid from start to end evaluated on its own. Its series: `steady`
 * at every step, `gap` missing on odd hours, `late` only from the second
 * day on, and `nan` a NaN value, which Prometheus can answer.
 */
function fakePrometheus() {
  const calls: { query: string; start: number; end: number }[] = [];
  const series: [Record<string, string>, (t: number) => number | undefined][] =
    [
      [{ pod: 'steady' }, t => t / 1000],
      [
        { pod: 'gap', zone: 'b' },
        t => (Math.floor(t / 3600) % 2 ? undefined : 2),
      ],
      [{ pod: 'late' }, t => (t >= MIDNIGHT + DAY ? 3 : undefined)],
      [{ pod: 'nan' }, () => NaN],
    ];
  const api: PrometheusApi = {
    alertingRules: async () => [],
    query: async () => [],
    queryRange: async (query, start, end, step) => {
      const from = start.getTime() / 1000;
      const to = end.getTime() / 1000;
      calls.push({ query, start: from, end: to });
      return series
        .map(([metric, f]) => {
          const values: [number, number][] = [];
          for (let t = from; t <= to; t += step) {
            const v = f(t);
            if (v !== undefined) values.push([t, v]);
          }
          return { metric, values };
        })
        .filter(s => s.values.length);
    },
  };
  return { api, calls };
}

const byPod = (series: Series[]) =>
  Object.fromEntries(series.map(s => [s.metric.pod, s.values]));

describe('DayCachedPrometheus', () => {
  const at = (seconds: number) => new Date(seconds * 1000);

  it('answers as Prometheus does, and asks only for the unsettled part once the days before are kept', async () => {
    const real = fakePrometheus();
    const cached = fakePrometheus();
    let clock = MIDNIGHT + 3 * DAY + 10 * 3600;
    const client = new DayCachedPrometheus(cached.api, {
      maxPoints: 1e6,
      settleSeconds: 900,
      maxAgeSeconds: 86_400,
      now: () => clock,
    });
    // A 3-day window on the 15-minute grid, starting mid-day.
    const window = (end: number) =>
      [at(end - 3 * DAY + STEP), at(end), STEP] as const;
    const end = MIDNIGHT + 3 * DAY + 9 * 3600;
    expect(byPod(await client.queryRange('q', ...window(end)))).toEqual(
      byPod(await real.api.queryRange('q', ...window(end))),
    );
    // The three complete days in one query, today's part in another.
    expect(cached.calls).toEqual([
      { query: 'q', start: MIDNIGHT, end: MIDNIGHT + 3 * DAY - STEP },
      { query: 'q', start: MIDNIGHT + 3 * DAY, end },
    ]);
    // An hour later, the same window moved on: only today is asked for,
    // and the answer is still Prometheus's own.
    cached.calls.length = 0;
    clock += 3600;
    const later = end + 3600;
    expect(byPod(await client.queryRange('q', ...window(later)))).toEqual(
      byPod(await real.api.queryRange('q', ...window(later))),
    );
    expect(cached.calls).toEqual([
      { query: 'q', start: MIDNIGHT + 3 * DAY, end: later },
    ]);
    // Another query is kept apart.
    cached.calls.length = 0;
    await client.queryRange('other', ...window(later));
    expect(cached.calls.map(c => c.query)).toEqual(['other', 'other']);
  });

  it('keeps a day only once it has settled (its last step settleSeconds in the past), and for maxAgeSeconds', async () => {
    const { api, calls } = fakePrometheus();
    // 10 minutes after midnight: yesterday's last step (23:45) is 25
    // minutes old, under the 30 minutes to settle.
    let clock = MIDNIGHT + DAY + 600;
    const client = new DayCachedPrometheus(api, {
      maxPoints: 1e6,
      settleSeconds: 1800,
      maxAgeSeconds: 3600,
      now: () => clock,
    });
    const ask = () =>
      client.queryRange('q', at(MIDNIGHT), at(MIDNIGHT + DAY - STEP), STEP);
    await ask();
    await ask();
    expect(calls).toHaveLength(2);
    clock += 600;
    await ask();
    await ask();
    expect(calls).toHaveLength(3);
    // Asked for again once it is maxAgeSeconds old.
    clock += 3600;
    await ask();
    expect(calls).toHaveLength(4);
  });

  it('passes a query off the grid through, and forgets the least recently used days beyond maxPoints', async () => {
    const { api, calls } = fakePrometheus();
    const client = new DayCachedPrometheus(api, {
      // Room for one day of the four series (96 steps each).
      maxPoints: 4 * 96,
      settleSeconds: 0,
      maxAgeSeconds: 86_400,
      now: () => MIDNIGHT + 10 * DAY,
    });
    // Not a multiple of the step: asked for as given, every time.
    await client.queryRange('q', at(MIDNIGHT + 60), at(MIDNIGHT + 3600), STEP);
    await client.queryRange('q', at(MIDNIGHT + 60), at(MIDNIGHT + 3600), STEP);
    expect(calls.map(c => c.start)).toEqual([MIDNIGHT + 60, MIDNIGHT + 60]);
    calls.length = 0;
    const day = (d: number) =>
      client.queryRange(
        'q',
        at(MIDNIGHT + d * DAY),
        at(MIDNIGHT + (d + 1) * DAY - STEP),
        STEP,
      );
    await day(1);
    await day(1);
    expect(calls).toHaveLength(1);
    // Day 2 takes the room of day 1.
    await day(2);
    await day(2);
    await day(1);
    expect(calls.map(c => (c.start - MIDNIGHT) / DAY)).toEqual([1, 2, 1]);
  });
});
