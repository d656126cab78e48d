import { CostWindow } from '@ai-refarch/plugin-ai-ops-common';
import { testConfig } from '../__testUtils__/config';
import { CostService, ServedModel } from './CostService';
import { PrometheusApi, Series } from './prometheus/PrometheusClient';
import { resolveTarget } from './targets';
import { DAY } from './windows';

/** Seconds per unit of a PromQL range. */
const UNIT: Record<string, number> = { s: 1, h: 3600, d: 86_400 };

/*
 * CostService against a Prometheus whose answers the test gives: the GPU
 * requests of the entity's pods on labelled nodes and DCGM utilisation,
 * sampled every 15 minutes as a range query answers. The expected figures
 * are worked out here from those samples. (Its figures against a real
 * Prometheus with known ground truth are in scripts/prometheus.integration.ts.)
 */

const config = testConfig;
const target = resolveTarget(
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'chat',
      annotations: {
        'backstage.io/kubernetes-id': 'chat',
        'backstage.io/kubernetes-namespace': 'serving',
        'ai-refarch.io/runtime': 'vllm',
      },
    },
    spec: {},
  },
  config,
)!;
const prices = {
  gpu: {
    'nvidia-l4': {
      memoryGiB: 24,
      onDemandPerHour: 0.8,
      spotPerHour: 0.32,
      perNode: 8,
    },
  },
  instance: {},
};
const STEP = 900;

type Pod = {
  pod: string;
  capacity: 'spot' | 'on-demand';
  gpuType: string;
  gpus: number;
  /** DCGM utilisation in percent, or undefined for no samples. */
  utilisation?: number;
  node?: string;
  /** Unix seconds it ran from and to; the whole range when left out. */
  from?: number;
  to?: number;
  /** When its node left the cluster (kube_node_labels ends). */
  nodeGoneAt?: number;
};

/**
 * A Prometheus holding these pods for the whole of every range asked for,
 * and the runtime's token counters: 1000 prompt and 250 generated tokens a
 * day, at an even rate.
 */
function prometheus(
  pods: Pod[],
  tokens = false,
  /** Seconds a day in prefill and decode, as vLLM's histograms' sums count them. */
  phases?: { prefill: number; decode: number },
) {
  const ranges: { promql: string; start: Date; end: Date }[] = [];
  const steps = (start: Date, end: Date) => {
    const out: number[] = [];
    for (
      let t = Math.ceil(start.getTime() / 1000 / STEP) * STEP;
      t <= end.getTime() / 1000;
      t += STEP
    )
      out.push(t);
    return out;
  };
  const perDay: Record<string, number> = {
    ...(tokens
      ? {
          'vllm:prompt_tokens_total': 1000,
          'vllm:generation_tokens_total': 250,
        }
      : {}),
    ...(phases
      ? {
          'vllm:request_prefill_time_seconds_sum': phases.prefill,
          'vllm:request_decode_time_seconds_sum': phases.decode,
        }
      : {}),
  };
  /** The runtime's counters' increases, each labelled with its part. */
  const counters = (promql: string, t: number): Series[] =>
    [
      ...promql.matchAll(
        /increase\(([\w:]+)\{[^}]*\}\[(\d+)(s|h|d)\]\)\), "part", "(\w+)"/g,
      ),
    ]
      .filter(([, metric]) => perDay[metric] !== undefined)
      .map(([, metric, n, unit, part]) => ({
        metric: { part },
        values: [[t, (perDay[metric] * Number(n) * UNIT[unit]) / DAY]],
      }));
  const api: PrometheusApi = {
    alertingRules: async () => [],
    query: async (promql, time) => counters(promql, time.getTime() / 1000),
    queryRange: async (promql, start, end, step): Promise<Series[]> => {
      if (promql.includes('"part"')) {
        const days: Series[] = [];
        for (
          let t = start.getTime() / 1000;
          t <= end.getTime() / 1000;
          t += step
        )
          days.push(...counters(promql, t));
        return days;
      }
      ranges.push({ promql, start, end });
      const ts = steps(start, end);
      const alive = (p: Pod) =>
        ts.filter(t => t >= (p.from ?? 0) && t <= (p.to ?? Infinity));
      if (promql.startsWith('max by (node) (kube_node_labels')) {
        return pods
          .filter(p => p.node && promql.includes(p.node))
          .map(p => ({
            metric: { node: p.node! },
            values: ts
              .filter(t => t <= (p.nodeGoneAt ?? Infinity))
              .map(t => [t, 1] as [number, number]),
          }));
      }
      if (promql.includes('DCGM_FI_DEV_GPU_UTIL')) {
        return pods
          .filter(p => p.utilisation !== undefined)
          .map(p => ({
            metric: { namespace: 'serving', pod: p.pod },
            values: ts.map(t => [t, p.utilisation!] as [number, number]),
          }));
      }
      return pods.map(p => ({
        metric: {
          namespace: 'serving',
          pod: p.pod,
          node: p.node ?? `${p.pod}-node`,
          label_ai_refarch_io_capacity: p.capacity,
          label_ai_refarch_io_gpu_type: p.gpuType,
        },
        values: alive(p).map(t => [t, p.gpus] as [number, number]),
      }));
    },
  };
  return { api, ranges };
}

/** The entity's cost over the window, with a monthly budget when given. */
const costOf = (
  api: PrometheusApi,
  window: CostWindow,
  now: Date,
  budget?: number,
  servedModels: ServedModel[] = [],
  caller = target,
) =>
  new CostService(api, prices, 'USD').compute({
    target: caller,
    models: { hosted: [], served: servedModels },
    budget: budget === undefined ? null : { amount: budget },
    window,
    now,
  });

describe('CostService', () => {
  it('prices each pod’s GPU-hours, and its idle time, at its own node’s price', async () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const { api } = prometheus([
      // busy on demand, idle on spot: an average would price them wrongly
      {
        pod: 'chat-a',
        capacity: 'on-demand',
        gpuType: 'nvidia-l4',
        gpus: 2,
        utilisation: 90,
      },
      {
        pod: 'chat-b',
        capacity: 'spot',
        gpuType: 'nvidia-l4',
        gpus: 2,
        utilisation: 10,
      },
    ]);
    const report = (await costOf(api, '7d', now))!;
    // 7 days of 15-minute steps
    const hours = 7 * 96 * 0.25;
    expect(report.selfHosted!.gpuHours).toEqual({
      onDemand: 2 * hours,
      spot: 2 * hours,
    });
    expect(report.selfHosted!.cost.onDemand).toBeCloseTo(2 * hours * 0.8, 6);
    expect(report.selfHosted!.cost.spot).toBeCloseTo(2 * hours * 0.32, 6);
    expect(report.total).toBeCloseTo(2 * hours * (0.8 + 0.32), 6);
    const idle = 2 * hours * 0.8 * 0.1 + 2 * hours * 0.32 * 0.9;
    expect(report.selfHosted!.idle!.cost).toBeCloseTo(idle, 6);
    // what (price sum) × (1 − mean utilisation) would have said
    expect(idle).not.toBeCloseTo(2 * hours * (0.8 + 0.32) * 0.5, 1);
    expect(report.selfHosted!.idle!.utilisation).toBeCloseTo(0.5, 6);
    expect(report.selfHosted!.spotSavings).toBeCloseTo(
      2 * hours * (0.8 - 0.32),
      6,
    );
    expect(report.selfHostedMissing).toBeNull();
  });

  it.each(['1h', '1d', '7d', '30d', 'month'] as const)(
    'counts the month to date from the 1st, whatever the window asked for (%s)',
    async window => {
      const now = new Date('2026-11-30T23:00:00Z');
      const { api } = prometheus([
        { pod: 'chat-a', capacity: 'on-demand', gpuType: 'nvidia-l4', gpus: 1 },
      ]);
      const report = (await costOf(api, window, now, 500))!;
      // 29 days and 23 hours of one L4 on demand
      const monthHours = 29 * 24 + 23;
      expect(report.budget!.monthToDate).toBeCloseTo(monthHours * 0.8, 1);
      expect(report.budget!.status).toBe('over');
      // Half a day into a month: 12 hours, not the window's (an hour, or
      // days of the month before).
      const early = (await costOf(
        api,
        window,
        new Date('2026-12-01T12:00:00Z'),
        500,
      ))!;
      expect(early.budget!.monthToDate).toBeCloseTo(12 * 0.8, 6);
    },
  );

  it('says which pods it looked for when none is found, and leaves the budget unknown rather than under', async () => {
    const service = (tokens: boolean) =>
      costOf(
        prometheus([], tokens).api,
        '7d',
        new Date('2026-12-06T12:00:00Z'),
        500,
      );
    // Nothing at all: no report, which the router answers as no data.
    expect(await service(false)).toBeNull();
    // Tokens served, but no GPU pods found: not $0 and under budget.
    const report = (await service(true))!;
    expect(report.tokens).toEqual({ input: 7000, output: 1750 });
    expect(report.selfHostedMissing).toBe(
      'no pods whose kube_pod_labels has label_backstage_io_kubernetes_id="chat", nor pods of a Deployment or StatefulSet named "chat" in namespace "serving" (kube_pod_owner, kube_replicaset_owner), in the last 7 days: their GPU requests (kube_pod_container_resource_requests{resource="nvidia_com_gpu"}) are not in the total',
    );
    expect(report.budget!.status).toBe('unknown');
  });

  it.each([
    // the last hour: four 15-minute steps
    ['1h', new Date('2026-12-06T12:00:00Z'), 1],
    ['1d', new Date('2026-12-06T12:00:00Z'), 24],
    // the month to date: 5 days and 12 hours
    ['month', new Date('2026-12-06T12:00:00Z'), 5 * 24 + 12],
  ] as const)('computes over the window %s', async (window, now, hours) => {
    const { api } = prometheus([
      { pod: 'chat-a', capacity: 'on-demand', gpuType: 'nvidia-l4', gpus: 2 },
    ]);
    const report = (await costOf(api, window, now))!;
    expect(report.window).toBe(window);
    expect(report.windowDays).toBeCloseTo(hours / 24, 9);
    expect(report.selfHosted!.gpuHours.onDemand).toBeCloseTo(2 * hours, 9);
    expect(report.total).toBeCloseTo(2 * hours * 0.8, 9);
    expect(report.daily.reduce((a, d) => a + d.total, 0)).toBeCloseTo(
      report.total,
      9,
    );
  });

  it('lists the pods that started and stopped, and a spot pod that left with its node as an interruption', async () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const t = (iso: string) => Date.parse(iso) / 1000;
    const { api, ranges } = prometheus([
      {
        pod: 'chat-a',
        capacity: 'on-demand',
        gpuType: 'nvidia-l4',
        gpus: 1,
        node: 'od-1',
      },
      // interrupted: the pod and its node end together
      {
        pod: 'chat-b',
        capacity: 'spot',
        gpuType: 'nvidia-l4',
        gpus: 1,
        node: 'spot-1',
        to: t('2026-12-03T10:00:00Z'),
        nodeGoneAt: t('2026-12-03T10:00:00Z'),
      },
      // its replacement
      {
        pod: 'chat-c',
        capacity: 'spot',
        gpuType: 'nvidia-l4',
        gpus: 1,
        node: 'spot-2',
        from: t('2026-12-03T16:00:00Z'),
      },
      // rescheduled away from a spot node that stays
      {
        pod: 'chat-d',
        capacity: 'spot',
        gpuType: 'nvidia-l4',
        gpus: 1,
        node: 'spot-3',
        to: t('2026-12-04T08:00:00Z'),
      },
    ]);
    const report = (await costOf(api, '7d', now))!;
    expect(
      report.selfHosted!.events.map(e => [
        e.at,
        e.kind,
        e.pod,
        e.node,
        e.capacity,
      ]),
    ).toEqual([
      [
        '2026-12-03T10:00:00.000Z',
        'spot-interruption',
        'chat-b',
        'spot-1',
        'spot',
      ],
      ['2026-12-03T16:00:00.000Z', 'started', 'chat-c', 'spot-2', 'spot'],
      ['2026-12-04T08:00:00.000Z', 'stopped', 'chat-d', 'spot-3', 'spot'],
    ]);
    // Only the nodes of stopped spot pods were asked about.
    const nodeQuery = ranges.find(r => r.promql.startsWith('max by (node)'))!;
    expect(nodeQuery.promql).toBe(
      'max by (node) (kube_node_labels{node=~"spot-1|spot-3"})',
    );
  });

  it('names GPU types without a price instead of pricing them at zero unnoticed', async () => {
    const { api } = prometheus([
      { pod: 'chat-a', capacity: 'on-demand', gpuType: 'nvidia-b200', gpus: 8 },
    ]);
    const report = (await costOf(api, '7d', new Date('2026-12-06T12:00:00Z')))!;
    expect(report.selfHosted!.unpriced).toEqual(['nvidia-b200']);
    expect(report.selfHosted!.gpuHours.onDemand).toBeGreaterThan(0);
  });

  it('splits its GPU cost between input and output tokens by the time vLLM spent in prefill and decode', async () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const pods: Pod[] = [
      { pod: 'chat-a', capacity: 'on-demand', gpuType: 'nvidia-l4', gpus: 1 },
    ];
    const report = (await costOf(
      prometheus(pods, true, { prefill: 30, decode: 90 }).api,
      '1d',
      now,
    ))!;
    const cost = 24 * 0.8;
    expect(report.perDirection).toEqual({
      inputCost: expect.closeTo(cost / 4, 9),
      outputCost: expect.closeTo((cost * 3) / 4, 9),
      // 1000 prompt and 250 generated tokens
      inputPer1MTokens: expect.closeTo((cost / 4 / 1000) * 1e6, 6),
      outputPer1MTokens: expect.closeTo(((cost * 3) / 4 / 250) * 1e6, 6),
    });
    expect(report.perDirectionMissing).toBeNull();

    // Without the phase series, no split rather than a guessed one.
    const without = (await costOf(prometheus(pods, true).api, '1d', now))!;
    expect(without.perDirection).toBeNull();
    expect(without.perDirectionMissing).toBe(
      "no vllm:request_prefill_time_seconds_sum and vllm:request_decode_time_seconds_sum series: vllm's time in prefill and decode, which splits its GPU cost between input and output tokens",
    );
  });

  describe('the share of the self-hosted models an entity calls', () => {
    const rag = resolveTarget(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'rag',
          annotations: { 'backstage.io/kubernetes-id': 'rag' },
        },
        spec: {},
      },
      config,
    )!;
    const llama = (servers: ServedModel['servers']): ServedModel[] => [
      { entityRef: 'aimodel:default/llama', name: 'llama', servers },
    ];
    const chatServer = { entityRef: 'component:default/chat', target };
    /**
     * The chat server's pod (one L4 on demand, $0.80 an hour) and, per day,
     * the tokens it served for each model (vLLM's counters, by model_name)
     * and the tokens of rag's calls (OpenTelemetry GenAI usage, by model and
     * direction), as increase() over any range answers.
     */
    function withTokens(perDay: {
      served: Record<string, [number, number]>;
      calls?: Record<string, [number, number]>;
    }) {
      const { api } = prometheus([
        { pod: 'chat-a', capacity: 'on-demand', gpuType: 'nvidia-l4', gpus: 1 },
      ]);
      const series = (promql: string, seconds: number) => {
        const per = (n: number) => (n * seconds) / 86_400;
        if (promql.includes('gen_ai_client_token_usage_sum')) {
          if (!promql.includes('service="rag"')) return [];
          return Object.entries(perDay.calls ?? {}).flatMap(([model, io]) =>
            (['input', 'output'] as const).map((type, i) => ({
              metric: { gen_ai_request_model: model, gen_ai_token_type: type },
              value: per(io[i]),
            })),
          );
        }
        const direction = [
          'vllm:prompt_tokens_total',
          'vllm:generation_tokens_total',
        ].findIndex(m => promql.includes(m));
        if (direction < 0 || !promql.includes('service="chat"'))
          return undefined;
        return Object.entries(perDay.served).map(([model, io]) => ({
          metric: { model_name: model },
          value: per(io[direction]),
        }));
      };
      const seconds = (promql: string) => {
        const m = /\[(\d+)(s|h|d)\]/.exec(promql)!;
        return Number(m[1]) * UNIT[m[2]];
      };
      const withCalls: PrometheusApi = {
        ...api,
        query: async (promql, time) => {
          const found = series(promql, seconds(promql));
          return found
            ? found.map(f => ({
                metric: f.metric,
                values: [[time.getTime() / 1000, f.value]],
              }))
            : api.query(promql, time);
        },
        queryRange: async (promql, start, end, step) => {
          // rag's own pods run, and request no GPUs
          if (promql.includes('"rag"') && !promql.includes('increase(')) {
            return promql.startsWith('count(')
              ? [{ metric: {}, values: [[end.getTime() / 1000, 2]] }]
              : [];
          }
          const found = promql.includes('increase(')
            ? series(promql, seconds(promql))
            : undefined;
          if (!found) return api.queryRange(promql, start, end, step);
          const ts: number[] = [];
          for (
            let t = Math.ceil(start.getTime() / 1000 / step) * step;
            t <= end.getTime() / 1000;
            t += step
          )
            ts.push(t);
          return found.map(f => ({
            metric: f.metric,
            values: ts.map(t => [t, f.value] as [number, number]),
          }));
        },
      };
      return withCalls;
    }
    // Three full days; the server costs 24 × 0.8 a day.
    const now = new Date('2026-12-06T00:00:00Z');

    it('charges each day the server’s GPU cost for the model, in proportion to the entity’s tokens', async () => {
      const api = withTokens({
        // the server serves llama and a LoRA adapter, 3:1 by tokens
        served: { llama: [900, 300], 'llama-lora': [300, 100] },
        calls: { llama: [240, 60] },
      });
      const report = (await costOf(
        api,
        '1d',
        now,
        1000,
        llama([chatServer]),
        rag,
      ))!;
      const day = 24 * 0.8;
      // llama's part of the server: 1200 of 1600 tokens; rag's of llama: 300 of 1200
      const expected = day * (1200 / 1600) * (300 / 1200);
      expect(report.attributed!.cost).toBeCloseTo(expected, 6);
      expect(report.attributed!.byModel).toEqual([
        {
          model: 'llama',
          entityRef: 'aimodel:default/llama',
          servedBy: ['component:default/chat'],
          inputTokens: 240,
          outputTokens: 60,
          share: 0.25,
          cost: expect.closeTo(expected, 6),
        },
      ]);
      expect(report.total).toBeCloseTo(expected, 6);
      expect(report.tokens).toEqual({ input: 240, output: 60 });
      expect(report.attributedMissing).toEqual([]);
      // rag's own pods request no GPUs and are found: no GPU cost, not missing.
      expect(report.selfHosted).toBeNull();
      expect(report.budget!.status).toBe('under');
    });

    it('leaves the budget unknown, and says why, when a share cannot be worked out', async () => {
      const cases: [
        ServedModel['servers'],
        Parameters<typeof withTokens>[0],
        string,
      ][] = [
        [
          [],
          { served: {}, calls: { llama: [1, 1] } },
          'no Component in the catalog serves aimodel:default/llama (ai-refarch.io/serves-models), so there is no GPU cost to share out',
        ],
        [
          [chatServer],
          { served: { llama: [900, 300] } },
          'no gen_ai_client_token_usage_sum{service="rag",gen_ai_request_model="llama"} series: the calls to aimodel:default/llama are not counted (export OpenTelemetry GenAI token usage, gen_ai.client.token.usage, as the RAG golden path does)',
        ],
        [
          [
            {
              entityRef: 'component:default/chat',
              target: { ...target, runtime: null },
            },
          ],
          { served: { llama: [900, 300] }, calls: { llama: [1, 1] } },
          'component:default/chat declares no runtime that counts tokens (ai-refarch.io/runtime), so its cost cannot be shared out by tokens',
        ],
        [
          [
            {
              entityRef: 'component:default/gone',
              problem: 'not in the catalog',
            },
          ],
          { served: {}, calls: { llama: [1, 1] } },
          'component:default/gone: not in the catalog',
        ],
        [
          [chatServer],
          { served: { other: [10, 10] }, calls: { llama: [5, 5] } },
          'the servers of aimodel:default/llama counted none of its tokens on 1 day(s) that the entity called it',
        ],
      ];
      for (const [servers, perDay, reason] of cases) {
        const report = await costOf(
          withTokens(perDay),
          '1d',
          now,
          100,
          llama(servers),
          rag,
        );
        expect(report?.attributedMissing).toEqual([reason]);
        expect(report?.budget?.status).toBe('unknown');
      }
    });
  });
});
