import { Entity } from '@backstage/catalog-model';
import { parseSlos } from '@ai-refarch/plugin-ai-ops-common';
import { testConfig } from '../__testUtils__/config';
import { FleetEvidence } from './evidence';
import { PrometheusApi, Series } from './prometheus/PrometheusClient';
import { resolveTarget } from './targets';

/*
 * FleetEvidence against a Prometheus whose answers the test gives: how it
 * groups entities into queries and finds each one's series in the grouped
 * answers. (Every figure against a real Prometheus, equal to the
 * per-entity endpoints, is in scripts/prometheus.integration.ts.)
 */

const config = testConfig;
const now = new Date('2026-12-06T12:00:00Z');
const ttft = {
  name: 'ttft',
  indicator: { type: 'ttft' },
  timeWindow: [{ duration: '7d', isRolling: true }],
  objectives: [{ target: 0.9, op: 'lte', value: 0.5 }],
};
// A service that serves two models, and one of the models: one selects by
// service, the other by model_name.
const server: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'chat',
    annotations: {
      'backstage.io/kubernetes-id': 'chat',
      'ai-refarch.io/runtime': 'vllm',
    },
  },
  spec: { slos: [ttft] },
};
const model: Entity = {
  apiVersion: 'ai-refarch.io/v1alpha1',
  kind: 'AIModel',
  metadata: { name: 'llama' },
  spec: { serving: { runtime: 'vllm' }, slos: [ttft] },
};

/** Per (service, model_name): requests and requests under 0.5 s in each window. */
const counts: Record<string, [number, number]> = {
  'chat|llama': [1000, 950],
  'chat|mistral': [3000, 2400],
  'other|llama': [500, 500],
};

function prometheus() {
  const queries: string[] = [];
  const api: PrometheusApi = {
    alertingRules: async () => [],
    queryRange: async () => [],
    query: async (promql: string): Promise<Series[]> => {
      queries.push(promql);
      const series: Series[] = [];
      for (const [pair, [total, fast]] of Object.entries(counts)) {
        const [service, model_name] = pair.split('|');
        if (promql.startsWith('count by (model_name, service, le)')) {
          for (const le of ['0.5', '+Inf']) {
            series.push({
              metric: { service, model_name, le },
              values: [[0, 1]],
            });
          }
          continue;
        }
        // The buckets at 0.5 s and +Inf (the count) in each window.
        for (const window of ['1h', '7d']) {
          for (const [le, value] of [
            ['0.5', fast],
            ['+Inf', total],
          ] as const) {
            series.push({
              metric: { service, model_name, window, le },
              values: [[0, value]],
            });
          }
        }
      }
      return series;
    },
  };
  return { api, queries };
}

describe('FleetEvidence', () => {
  it('reads a service’s and a model’s SLOs with one query per part, by both labels, and adds up each one’s series', async () => {
    const { api, queries } = prometheus();
    const fleet = new FleetEvidence(() => api);
    const rows = [server, model].map((entity, i) => ({
      key: String(i),
      slo: parseSlos(entity).slos[0],
      target: resolveTarget(entity, config)!,
    }));
    const figures = await fleet.occurrences(rows, now);
    // The bucket labels, then the buckets at the threshold and +Inf: two
    // queries for both.
    expect(queries).toHaveLength(2);
    expect(queries[1]).toMatch(
      /^label_replace\(sum by \(model_name, service, le\) \(increase\(vllm:time_to_first_token_seconds_bucket\{le=~"0\\\\.5\|\\\\\+Inf"\}\[5m\]\)\)/,
    );
    // chat: its two models' series; llama: its series on both servers.
    expect(figures.get('0')).toEqual({
      good: 3350,
      total: 4000,
      attainment: 3350 / 4000,
      // No 5-minute window: no burn-rate alert can fire.
      status: 'ok',
    });
    expect(figures.get('1')).toMatchObject({
      good: 1450,
      total: 1500,
      attainment: 1450 / 1500,
    });
  });

  it('keeps one answer for every page while it is kept, and names the problem of a threshold between buckets', async () => {
    const { api, queries } = prometheus();
    const memo = new Map<string, Promise<unknown>>();
    const fleet = new FleetEvidence(
      () => api,
      (key, compute) => {
        if (!memo.has(key)) memo.set(key, compute());
        return memo.get(key) as any;
      },
    );
    const row = (entity: Entity, key: string, value = 0.5) => ({
      key,
      slo: {
        ...parseSlos(entity).slos[0],
        objectives: [{ target: 0.9, op: 'lte' as const, value }],
      },
      target: resolveTarget(entity, config)!,
    });
    await fleet.occurrences([row(server, 'a')], now);
    const second = await fleet.occurrences(
      [row(model, 'b'), row(server, 'c', 0.3)],
      now,
    );
    // A page of models asks the same two queries as one of services:
    // their answers are kept.
    expect(queries).toHaveLength(2);
    expect(second.get('b')).toMatchObject({ total: 1500 });
    expect(second.get('c')).toEqual({
      problem: expect.stringMatching(
        /^objectives\[0\]\.value 0\.3 s is below its smallest bucket: use 0\.5/,
      ),
    });
  });
});
