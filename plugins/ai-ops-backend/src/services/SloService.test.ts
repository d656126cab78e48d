import { Entity } from '@backstage/catalog-model';
import { SloSpec } from '@ai-refarch/plugin-ai-ops-common';
import {
  HourlyScore,
  TraceBackend,
} from '@ai-refarch/plugin-ai-scorecard-node';
import { testConfig } from '../__testUtils__/config';
import { PrometheusApi, Series } from './prometheus/PrometheusClient';
import { SloProblem, SloService } from './SloService';
import { resolveTarget } from './targets';

/*
 * SloService against a Prometheus whose answers the test gives: what it
 * asks for, and what it makes of the answers. (Its figures against a real
 * Prometheus with known ground truth are in scripts/prometheus.integration.ts.)
 */

const config = testConfig;
const target = (runtime: string) =>
  resolveTarget(
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'chat',
        annotations: {
          'backstage.io/kubernetes-id': 'chat',
          'ai-refarch.io/runtime': runtime,
        },
      },
      spec: {},
    },
    config,
  )!;
const now = new Date('2026-12-06T12:00:00Z');

/**
 * A Prometheus holding one histogram: its bucket bounds (as `le` labels)
 * and the percentile `histogram_quantile` gives per window and quantile;
 * NaN where no request finished, as Prometheus answers 0/0.
 */
function prometheus(
  les: string[],
  percentile: (window: string, q: number) => number,
) {
  const queries: string[] = [];
  const api: PrometheusApi = {
    alertingRules: async () => [],
    queryRange: async () => [],
    query: async (promql: string): Promise<Series[]> => {
      queries.push(promql);
      if (promql.startsWith('count by (le)')) {
        return les.map(le => ({ metric: { le }, values: [[0, 1]] }));
      }
      return [
        ...promql.matchAll(
          /histogram_quantile\(([\d.]+),.*?"window", "(\w+)"/g,
        ),
      ].map(([, q, window]) => ({
        metric: { q, window },
        values: [[now.getTime() / 1000, percentile(window, Number(q))]],
      }));
    },
  };
  return { api, queries };
}

describe('SloService latency', () => {
  it('gives p50, p95 and p99 over the last hour and day, from the entity’s own histogram', async () => {
    const { api, queries } = prometheus(
      ['0.1', '0.25', '0.5', '1', '+Inf'],
      (w, q) => (w === '1h' ? q : q / 2),
    );
    const [ttft, itl] = await new SloService(api).latency(target('vllm'), now);
    expect(ttft).toEqual({
      indicator: 'ttft',
      metric: 'vllm:time_to_first_token_seconds',
      state: 'ok',
      windows: [
        { window: '1h', p50: 0.5, p95: 0.95, p99: 0.99 },
        { window: '1d', p50: 0.25, p95: 0.475, p99: 0.495 },
      ],
      buckets: [0.1, 0.25, 0.5, 1],
    });
    expect(itl).toMatchObject({
      indicator: 'inter-token-latency',
      metric: 'vllm:time_per_output_token_seconds',
      state: 'ok',
    });
    expect(queries).toContainEqual(
      expect.stringContaining(
        'histogram_quantile(0.95, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket{service="chat"}[1h])))',
      ),
    );
  });

  it('reads Triton’s milliseconds as seconds, and says it exports no inter-token histogram (not "no data")', async () => {
    const { api } = prometheus(['100', '500', '2000', '+Inf'], () => 420);
    const [ttft, itl] = await new SloService(api).latency(
      target('triton'),
      now,
    );
    expect(ttft.windows[0]).toEqual({
      window: '1h',
      p50: 0.42,
      p95: 0.42,
      p99: 0.42,
    });
    expect(ttft.buckets).toEqual([0.1, 0.5, 2]);
    expect(itl).toEqual({
      indicator: 'inter-token-latency',
      metric: null,
      state: 'no-histogram',
      reason: 'triton exports no inter-token latency histogram',
      windows: [],
      buckets: [],
    });
  });

  it('says when no request was observed, rather than showing figures', async () => {
    const { api } = prometheus(['0.5', '+Inf'], () => NaN);
    const [ttft] = await new SloService(api).latency(target('vllm'), now);
    expect(ttft).toMatchObject({
      state: 'no-data',
      reason:
        'no vllm:time_to_first_token_seconds observations for this entity in the last day',
      windows: [
        { window: '1h', p50: null, p95: null, p99: null },
        { window: '1d', p50: null, p95: null, p99: null },
      ],
    });
  });
});

describe('SloService latency SLOs off the bucket bounds', () => {
  const ttft = (value: number): SloSpec => ({
    name: 'ttft',
    indicator: { type: 'ttft' },
    timeWindow: [{ duration: '7d', isRolling: true }],
    objectives: [{ target: 0.95, op: 'lte', value }],
  });
  const service = () =>
    new SloService(
      prometheus(['0.25', '0.5', '1', '2.5', '+Inf'], () => 0).api,
    );

  it('names the nearest bucket bounds of a threshold between them (was: every bound, without saying which are near)', async () => {
    await expect(
      service().compute(ttft(0.3), target('vllm'), now),
    ).rejects.toThrow(
      new SloProblem(
        'objectives[0].value 0.3 s falls between its buckets 0.25 and 0.5: use 0.25 or 0.5 (the share of requests under a value between two bucket bounds cannot be counted; vllm:time_to_first_token_seconds has bucket bounds 0.25, 0.5, 1, 2.5 s)',
      ),
    );
  });

  it('says when a threshold is outside every bucket bound', async () => {
    await expect(
      service().compute(ttft(5), target('vllm'), now),
    ).rejects.toThrow(
      /^objectives\[0\]\.value 5 s is above its largest bucket: use 2\.5 /,
    );
    await expect(
      service().compute(ttft(0.1), target('vllm'), now),
    ).rejects.toThrow(
      /^objectives\[0\]\.value 0\.1 s is below its smallest bucket: use 0\.25 /,
    );
  });
});

describe('SloService quality over online evaluations', () => {
  const service: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'support-assistant',
      annotations: {
        'backstage.io/kubernetes-id': 'support-assistant',
        'ai-refarch.io/runtime': 'vllm',
        'ai-refarch.io/tracing': 'phoenix',
      },
    },
    spec: {},
  };
  const slo: SloSpec = {
    name: 'hallucination',
    indicator: { type: 'quality', source: 'tracing', score: 'hallucination' },
    timeWindow: [{ duration: '7d', isRolling: true }],
    budgetingMethod: 'Timeslices',
    objectives: [{ target: 0.9, op: 'gte', value: 0.7, timeSliceWindow: '1h' }],
  };
  const hour = (hoursAgo: number) =>
    new Date(now.getTime() - hoursAgo * 3_600_000);
  // Ten scored hours: eight above the threshold, the last hour and one
  // two days ago below it.
  const hours: HourlyScore[] = [
    ...[3, 5, 8, 13, 21, 34, 55, 89].map(h => ({
      hour: hour(h),
      mean: 0.92,
      count: 12,
    })),
    { hour: hour(48), mean: 0.5, count: 9 },
    { hour: hour(1), mean: 0.6, count: 4 },
  ].sort((a, b) => a.hour.getTime() - b.hour.getTime());
  const backend = (answer: () => Promise<HourlyScore[]>): TraceBackend => ({
    id: 'phoenix',
    title: 'Phoenix',
    demo: false,
    summary: async () => {
      throw new Error('not read');
    },
    hourlyScores: jest.fn(answer),
  });
  const noPrometheus: PrometheusApi = {
    alertingRules: async () => [],
    query: async () => {
      throw new Error('Prometheus is not asked');
    },
    queryRange: async () => {
      throw new Error('Prometheus is not asked');
    },
  };
  const serviceTarget = resolveTarget(service, config)!;

  it("counts the hours whose mean score meets the threshold, from the service's trace back end", async () => {
    const phoenix = backend(async () => hours);
    const report = await new SloService(noPrometheus, {
      entity: service,
      backends: [phoenix],
    }).compute(slo, serviceTarget, now);
    expect(phoenix.hourlyScores).toHaveBeenCalledWith(
      'support-assistant',
      'hallucination',
      { from: new Date('2026-11-29T13:00:00Z'), to: now },
    );
    expect(report).toMatchObject({
      unit: 'time slices',
      good: 8,
      total: 10,
      attainment: 0.8,
      // The last hour scored 0.6: below the threshold.
      current: 0,
      threshold: 0.7,
      scores: {
        backend: 'Phoenix',
        project: 'support-assistant',
        score: 'hallucination',
        demo: false,
      },
    });
    // The budget (10 % of the slices) is overspent: 2 bad of 10.
    expect(report.errorBudgetRemaining).toBeCloseTo(1 - 2 / (0.1 * 10), 9);
    // Per UTC day: 12-02 one good hour, 12-04 one good and the bad one,
    // 12-05 three good, 12-06 three good and the last hour.
    expect(report.daily.map(d => d.sli)).toEqual([
      null,
      null,
      null,
      1,
      null,
      0.5,
      1,
      0.75,
    ]);
  });

  it.each([
    [
      'a service that declares no trace back end',
      {
        ...service,
        metadata: {
          ...service.metadata,
          annotations: { 'backstage.io/kubernetes-id': 'support-assistant' },
        },
      },
      [backend(async () => hours)],
      'its scores come from the trace back end, but no ai-refarch.io/tracing annotation: the service declares no trace back end',
    ],
    [
      'a back end the portal is not configured for',
      service,
      [],
      'aiScorecard.tracing.phoenix is not configured, so the traces in phoenix cannot be read',
    ],
    [
      'a back end that fails',
      service,
      [
        backend(async () => {
          throw new Error('Phoenix answered 503: unavailable');
        }),
      ],
      'Phoenix answered 503: unavailable',
    ],
  ])(
    'is a problem, with the reason, for %s',
    async (_case, entity, backends, reason) => {
      await expect(
        new SloService(noPrometheus, { entity, backends }).compute(
          slo,
          serviceTarget,
          now,
        ),
      ).rejects.toEqual(new SloProblem(reason));
    },
  );
});
