// Integration: the cost and SLO API of the dev back end against Debian's
// Prometheus on loopback, over 30 days of history backfilled with promtool
// from a seeded generator whose truth is known
// (packages/test-kit/src/history/prometheusHistory.ts). Every figure the API returns is compared with that truth.
// Three more data sources are faults: nothing listening, a server slower
// than the configured timeout, and a server answering something that is
// not the Prometheus API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  freePort,
  generateHistory,
  listenOnLoopback,
  repoRoot,
  startBackend,
  startPrometheus,
  sumWindow,
  TestBackend,
  TestPrometheus,
  waitFor,
} from '@internal/test-kit';
import { Entity } from '@backstage/catalog-model';
import { EntityScorecard } from '@ai-refarch/plugin-ai-scorecard-common';
import {
  AlertingResponse,
  CostResponse,
  SloEvidence,
  SloReport,
  SloResponse,
  TeamCostResponse,
} from '@ai-refarch/plugin-ai-ops-common';

const DAY = 86_400;
// app-config.yaml: aiRefarch.gpuPrices.nvidia-l4, and per GPU of
// aiOps.instancePrices.g6.12xlarge (4 GPUs) for the node without a GPU type.
const L4 = { onDemand: 0.81, spot: 0.32 };
const G6_SPOT_PER_GPU = 1.84 / 4;
// catalog-info/models.yaml
const GPT4O = { input: 2.5, cached: 1.25, output: 10 };
const CLAUDE = { input: 3, cached: 0.3, output: 15 };

// The history ends a minute ago; IT_END (Unix seconds, on a minute) replays
// the run as if it were another time of day, e.g. just before midnight.
const end = process.env.IT_END
  ? Number(process.env.IT_END)
  : Math.floor(Date.now() / 1000 / 60) * 60 - 60;
const at = new Date(end * 1000).toISOString();
const { text, truth } = generateHistory({ end, seed: 11 });

const slos = [
  {
    name: 'availability',
    indicator: { type: 'availability' },
    timeWindow: [{ duration: '28d', isRolling: true }],
    objectives: [{ target: 0.995 }],
  },
  {
    name: 'ttft',
    indicator: { type: 'ttft' },
    timeWindow: [{ duration: '7d', isRolling: true }],
    objectives: [{ target: 0.95, op: 'lte', value: 0.5 }],
  },
  {
    name: 'inter-token',
    indicator: { type: 'inter-token-latency' },
    timeWindow: [{ duration: '7d', isRolling: true }],
    objectives: [{ target: 0.95, op: 'lte', value: 0.1 }],
  },
  {
    name: 'faithfulness',
    indicator: { type: 'quality', metric: 'ragas_faithfulness' },
    timeWindow: [{ duration: '30d', isRolling: true }],
    budgetingMethod: 'Timeslices',
    objectives: [{ target: 0.9, op: 'gte', value: 0.8, timeSliceWindow: '1h' }],
  },
  {
    name: 'ttft-off-bucket',
    indicator: { type: 'ttft' },
    timeWindow: [{ duration: '7d', isRolling: true }],
    objectives: [{ target: 0.95, op: 'lte', value: 0.3 }],
  },
];

/** The SLOs an entity of the test declares. */
const slosOf = (entity: Entity) => (entity.spec?.slos as object[]) ?? [];

const component = (
  name: string,
  annotations: Record<string, string>,
  spec: object = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/ml-platform',
    ...spec,
  },
});

const entities: Entity[] = [
  component(
    'chat',
    {
      'backstage.io/kubernetes-id': 'chat',
      'ai-refarch.io/runtime': 'vllm',
      'ai-refarch.io/monthly-budget': '900 USD',
    },
    { slos },
  ),
  {
    apiVersion: 'ai-refarch.io/v1alpha1',
    kind: 'AIModel',
    metadata: { name: 'llama' },
    spec: {
      type: 'llm',
      lifecycle: 'production',
      owner: 'group:default/ml-platform',
      provider: 'self-hosted',
      version: '1',
      serving: { runtime: 'vllm' },
      dataClassification: 'internal',
      slos: [slos[1]],
    },
  },
  component(
    'gateway',
    { 'ai-refarch.io/prometheus-labels': 'service=gateway' },
    {
      dependsOn: ['aimodel:default/gpt-4o', 'aimodel:default/claude-sonnet-4'],
    },
  ),
  component(
    'injected',
    {
      'ai-refarch.io/runtime': 'vllm',
      'ai-refarch.io/prometheus-labels':
        'service=chat"} or vector(1) or up{a="',
      'backstage.io/kubernetes-id': 'chat"} or vector(1) #',
    },
    { slos: [slos[0]] },
  ),
  component('bad-labels', {
    'ai-refarch.io/prometheus-labels': 'service chat',
  }),
  component('bad-budget', {
    'backstage.io/kubernetes-id': 'chat',
    'ai-refarch.io/monthly-budget': 'a lot',
  }),
  component('no-slos', { 'backstage.io/kubernetes-id': 'chat' }),
  // The chat workload with a budget it cannot overrun.
  component('chat-well-funded', {
    'backstage.io/kubernetes-id': 'chat',
    'ai-refarch.io/monthly-budget': '1000000 USD',
  }),
  // Its pods carry no kube_pod_labels series: found through their owners.
  component('batch-embedder', {
    'backstage.io/kubernetes-id': 'batch-embedder',
    'backstage.io/kubernetes-namespace': 'batch',
  }),
  // Serves the chat metrics but names pods that do not exist: its tokens are
  // found, its GPUs are not.
  component('ghost-pods', {
    'backstage.io/kubernetes-id': 'ghost',
    'ai-refarch.io/runtime': 'vllm',
    'ai-refarch.io/prometheus-labels': 'service=chat',
    'ai-refarch.io/monthly-budget': '900 USD',
  }),
  // The same workload as a model server, so that the scorecard's
  // Prometheus rules (metrics exported, idle GPU share) apply to it.
  component('chat-server', {
    'backstage.io/kubernetes-id': 'chat',
    'ai-refarch.io/runtime': 'vllm',
    'ai-refarch.io/serves-models': 'aimodel:default/llama',
  }),
  // A RAG service calling the self-hosted llama: it pays its share of the
  // chat server's GPUs by the tokens of its calls.
  component(
    'rag',
    {
      'backstage.io/kubernetes-id': 'rag',
      'ai-refarch.io/monthly-budget': '400 USD',
    },
    { dependsOn: ['aimodel:default/llama'] },
  ),
  ...['down', 'slow', 'garbage'].map(source =>
    component(
      `fault-${source}`,
      {
        'ai-refarch.io/prometheus-source': source,
        'ai-refarch.io/runtime': 'vllm',
      },
      { slos: [slos[0]] },
    ),
  ),
];

let prometheus: TestPrometheus | undefined;
let backend: TestBackend | undefined;
let token: string;
let dir: string;
const faults: Server[] = [];
const faultUrls: string[] = [];

type Ok<T> = Extract<T, { status: 'ok' }>;
/** A body the checks read as the endpoint's ok answer, or as its error. */
type Answer<T> = Ok<T> & {
  status: string;
  message?: string;
  error?: { name: string; message: string };
};
/** What each endpoint answers, by its path. */
type AnswerOf<P extends string> = P extends `/slo/${string}`
  ? Answer<SloResponse>
  : P extends `/cost/${string}`
  ? Answer<CostResponse>
  : P extends `/team-cost/${string}`
  ? Answer<TeamCostResponse>
  : P extends `/alerting/${string}`
  ? Answer<AlertingResponse>
  : { status: string; message?: string; error?: { message: string } };

/** The ai-ops API's answer: its status and JSON body. */
async function api<P extends string>(
  path: P,
): Promise<{ status: number; body: AnswerOf<P> }> {
  const res = await fetch(`${backend?.baseUrl}/api/ai-ops${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: await res.json() };
}

const close = (
  actual: number,
  expected: number,
  relative: number,
  what: string,
) =>
  assert.ok(
    Math.abs(actual - expected) <= Math.abs(expected) * relative,
    `${what}: ${actual} is not within ${relative * 100} % of ${expected}`,
  );
const near = (
  actual: number,
  expected: number,
  absolute: number,
  what: string,
) =>
  assert.ok(
    Math.abs(actual - expected) <= absolute,
    `${what}: ${actual} is not within ${absolute} of ${expected}`,
  );

const dayBefore = (iso: string) =>
  new Date(Date.parse(iso) - DAY * 1000).toISOString().slice(0, 10);

/** The self-hosted cost of the `seconds` up to `to`, as generated. */
function generatedCost(to: number, seconds: number) {
  const nodeHours = (node: string) =>
    sumWindow(truth, truth.gpusByNode[node], to, seconds) / 60;
  return (
    nodeHours('gpu-od-1') * L4.onDemand +
    nodeHours('gpu-spot-1') * L4.spot +
    nodeHours('gpu-spot-2') * G6_SPOT_PER_GPU
  );
}

/** How many UTC days a window of `days` days ending at `to` touches. */
const daysTouched = (to: number, days: number) =>
  to % DAY === 0 ? days : days + 1;

/**
 * The 28-day SLO's days (the first and last partial unless the window ends
 * at midnight), each day's SLI as generated, and the burn-down's end.
 */
function assertDailySli(slo: SloReport, to: number) {
  assert.equal(slo.daily.length, daysTouched(to, 28));
  slo.daily.forEach((d, i) => {
    const dayStart = Date.parse(`${d.day}T00:00:00Z`) / 1000;
    const until = Math.min(dayStart + DAY, to);
    const secs = until - Math.max(dayStart, to - 28 * DAY);
    const req = sumWindow(truth, truth.requests, until, secs);
    const err = sumWindow(truth, truth.errors, until, secs);
    // History older than three days is scraped every 5 minutes, and
    // increase() needs two samples in its range: a first day of under 10
    // minutes may have no SLI, one of under an hour a coarse one.
    if (!(secs < 600 && d.sli === null)) {
      near(
        d.sli,
        1 - err / req,
        secs < 3600 ? 0.005 : 0.0005,
        `SLI of ${d.day}`,
      );
    }
    if (i === slo.daily.length - 1) {
      near(
        d.budgetRemaining,
        slo.errorBudgetRemaining,
        0.03,
        'burn-down ends at the remaining budget',
      );
    }
  });
}

/**
 * Alerting rules for Prometheus to load: the chat workload's burn-rate
 * alerts (quiet), and one for batch-embedder that fails to evaluate
 * whatever the data (two series on the "one" side of a match).
 */
const ALERT_RULES = {
  groups: [
    {
      name: 'slo-chat-availability-alerts',
      rules: ['page', 'ticket'].map(severity => ({
        alert: `SLOErrorBudgetBurn${severity === 'page' ? 'Fast' : 'Slow'}`,
        expr: 'vector(0) > 1',
        labels: { service: 'chat', slo: 'availability', severity },
      })),
    },
    {
      name: 'broken',
      rules: [
        {
          alert: 'NeverEvaluates',
          expr: 'vector(1) + on () group_left () (vector(1) or label_replace(vector(1), "x", "y", "", ""))',
          labels: { service: 'batch-embedder', severity: 'page' },
        },
      ],
    },
  ],
};

describe('cost and SLOs from a real Prometheus', { timeout: 600_000 }, () => {
  before(async () => {
    prometheus = await startPrometheus({
      openmetrics: text,
      rules: ALERT_RULES,
      evaluationInterval: '5s',
    });
    const slow = createServer((_req, res) => {
      setTimeout(() => res.end('{}'), 3000).unref();
    });
    const garbage = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<html><body>502 Bad Gateway</body></html>');
    });
    for (const server of [slow, garbage]) {
      faultUrls.push(await listenOnLoopback(server));
      faults.push(server);
    }
    dir = mkdtempSync(join(tmpdir(), 'ai-ops-it-'));
    const entitiesFile = join(dir, 'entities.yaml');
    writeFileSync(
      entitiesFile,
      entities.map(e => JSON.stringify(e)).join('\n---\n'),
    );
    const config = {
      catalog: {
        locations: [
          ...['org', 'systems', 'models', 'services'].map(f => ({
            type: 'file',
            target: resolve(repoRoot, `catalog-info/${f}.yaml`),
            // The teams, whose AI models the team cost adds up.
            ...(f === 'org' ? { rules: [{ allow: ['User', 'Group'] }] } : {}),
          })),
          { type: 'file', target: entitiesFile },
        ],
      },
      aiOps: {
        prometheus: {
          default: 'test',
          sources: {
            test: {
              baseUrl: prometheus.baseUrl,
              title: 'Test Prometheus',
              timeout: { seconds: 20 },
              hostedTokens: { cachedInputValue: 'cached_input' },
              tenantTokens: {
                metric: 'ai_refarch_tokens_total',
                typeLabel: 'direction',
                modelLabel: 'model',
              },
            },
            down: { baseUrl: `http://127.0.0.1:${await freePort()}` },
            slow: {
              baseUrl: faultUrls[0],
              timeout: { seconds: 1 },
            },
            garbage: {
              baseUrl: faultUrls[1],
            },
          },
        },
      },
      aiScorecard: {
        schedule: {
          frequency: { hours: 24 },
          timeout: { minutes: 5 },
          initialDelay: { hours: 1 },
        },
      },
    };
    const configFile = join(dir, 'app-config.test.yaml');
    writeFileSync(configFile, JSON.stringify(config));
    backend = await startBackend({
      port: await freePort(),
      configs: ['app-config.yaml', configFile],
    });
    token = await backend.guestToken();
    let last;
    try {
      await waitFor(
        async () => {
          last = [
            await api('/cost/component/default/fault-garbage'),
            await api('/slo/aimodel/default/llama'),
          ];
          return last.every(r => r.status !== 404);
        },
        {
          timeoutMs: 120_000,
          intervalMs: 1000,
          what: 'the test entities in the catalog',
        },
      );
    } catch (e) {
      throw new Error(
        `${(e as Error).message}\nlast answers: ${JSON.stringify(
          last,
        )}\n--- back end log ---\n${backend
          .log()
          .split('\n')
          .filter(l => /catalog.*(error|warn)/i.test(l))
          .slice(-30)
          .join('\n')}`,
      );
    }
  });

  after(async () => {
    await backend?.stop();
    await prometheus?.stop();
    for (const s of faults) s.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('computes availability, budget and burn rates as they were generated', async () => {
    const { status, body } = await api(`/slo/component/default/chat?at=${at}`);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.status, 'ok');
    assert.equal(body.source.title, 'Test Prometheus');
    const a = body.slos.find(s => s.name === 'availability');
    const total = sumWindow(truth, truth.requests, end, 28 * DAY);
    const errors = sumWindow(truth, truth.errors, end, 28 * DAY);
    close(a.total, total, 0.002, '28-day requests');
    near(a.attainment, 1 - errors / total, 0.0002, 'attainment');
    near(
      a.errorBudgetRemaining,
      1 - errors / total / 0.005,
      0.03,
      'error budget remaining',
    );
    for (const alert of a.alerts) {
      const rate = (w: string) => {
        // A PromQL duration such as 5m, 6h or 3d, in seconds.
        const unit = { m: 60, h: 3600, d: DAY }[w.slice(-1) as 'm' | 'h' | 'd'];
        const secs = Number(w.slice(0, -1)) * unit;
        return (
          sumWindow(truth, truth.errors, end, secs) /
          sumWindow(truth, truth.requests, end, secs) /
          0.005
        );
      };
      close(
        alert.longRate,
        rate(alert.long),
        0.05,
        `burn rate over ${alert.long}`,
      );
      close(
        alert.shortRate,
        rate(alert.short),
        0.05,
        `burn rate over ${alert.short}`,
      );
      assert.equal(
        alert.firing,
        rate(alert.long) > alert.factor && rate(alert.short) > alert.factor,
        `${alert.long}/${alert.short} firing`,
      );
    }
    assert.equal(a.status, 'page', 'the incident of the last 40 minutes pages');
    assertDailySli(a, end);
  });

  it('counts each SLI over the window asked for, beside the SLO’s own', async () => {
    for (const [window, seconds] of [
      ['1h', 3600],
      ['1d', DAY],
      ['7d', 7 * DAY],
    ] as const) {
      const { status, body } = await api(
        `/slo/component/default/chat?window=${window}&at=${at}`,
      );
      assert.equal(status, 200, JSON.stringify(body));
      const a = body.slos.find(s => s.name === 'availability');
      const total = sumWindow(truth, truth.requests, end, seconds);
      const errors = sumWindow(truth, truth.errors, end, seconds);
      assert.equal(a.window, '28d');
      assert.equal(a.windowCounts.window, window);
      close(a.windowCounts.total, total, 0.01, `requests over ${window}`);
      near(
        a.windowCounts.sli,
        1 - errors / total,
        0.002,
        `availability over ${window}`,
      );
      const ttft = body.slos.find(s => s.name === 'ttft');
      near(
        ttft.windowCounts.sli,
        sumWindow(truth, truth.ttftGood, end, seconds) / total,
        0.005,
        `TTFT within 0.5 s over ${window}`,
      );
      // Time slices are not requests.
      assert.equal(
        body.slos.find(s => s.name === 'faithfulness').windowCounts,
        null,
      );
    }
  });

  it('ends a window that ends at midnight with the full day before it', async () => {
    const midnight = Math.floor(end / DAY) * DAY;
    const iso = new Date(midnight * 1000).toISOString();
    const slo = await api(`/slo/component/default/chat?at=${iso}`);
    assert.equal(slo.status, 200, JSON.stringify(slo.body));
    const a = slo.body.slos.find(s => s.name === 'availability');
    assert.equal(a.daily.at(-1).day, dayBefore(iso));
    assertDailySli(a, midnight);

    // Another test asks for the 30-day cost at `end`: the same window at
    // another time is its own answer, not the other one from the cache.
    const month = await api(`/cost/component/default/chat?days=30&at=${iso}`);
    assert.equal(month.body.cost.daily.at(-1).day, dayBefore(iso));

    const cost = await api(`/cost/component/default/chat?days=7&at=${iso}`);
    assert.equal(cost.status, 200, JSON.stringify(cost.body));
    const c = cost.body.cost;
    assert.equal(c.daily.length, daysTouched(midnight, 7));
    assert.equal(c.daily.at(-1).day, dayBefore(iso));
    close(
      c.daily.reduce((sum, d) => sum + d.total, 0),
      c.total,
      0.01,
      'the daily costs add up to the total',
    );
    close(
      c.daily.at(-1).total,
      generatedCost(midnight, DAY),
      0.02,
      'the cost of the last day',
    );
  });

  it('computes latency SLOs from the histogram bucket at the threshold, for the service and its model', async () => {
    const { body } = await api(`/slo/component/default/chat?at=${at}`);
    const requests = sumWindow(truth, truth.requests, end, 7 * DAY);
    const ttft = body.slos.find(s => s.name === 'ttft');
    near(
      ttft.attainment,
      sumWindow(truth, truth.ttftGood, end, 7 * DAY) / requests,
      0.0005,
      'TTFT attainment',
    );
    const itl = body.slos.find(s => s.name === 'inter-token');
    near(
      itl.attainment,
      sumWindow(truth, truth.itlGood, end, 7 * DAY) / requests,
      0.0005,
      'inter-token attainment',
    );
    assert.ok(
      body.problems.some(
        p =>
          p.field === 'spec.slos[4]' &&
          /objectives\[0\]\.value 0\.3 s falls between its buckets 0\.25 and 0\.5: use 0\.25 or 0\.5 .* has bucket bounds 0\.25, 0\.5, 1, 2\.5 s/.test(
            p.message,
          ),
      ),
      JSON.stringify(body.problems),
    );
    const model = await api(`/slo/aimodel/default/llama?at=${at}`);
    assert.equal(model.body.status, 'ok', JSON.stringify(model.body));
    near(
      model.body.slos[0].attainment,
      ttft.attainment,
      1e-9,
      "the model's TTFT",
    );
  });

  it('gives TTFT percentiles as histogram_quantile interpolates the generated requests', async () => {
    const { body } = await api(`/slo/component/default/chat?at=${at}`);
    const ttft = body.latency.find(l => l.indicator === 'ttft');
    assert.equal(ttft.state, 'ok', JSON.stringify(ttft));
    assert.deepEqual(ttft.buckets, truth.ttftBuckets);
    // The percentile of the generated requests, interpolated linearly within
    // the bucket it falls in, as Prometheus documents histogram_quantile.
    const truthQuantile = (q: number, seconds: number) => {
      const total = sumWindow(truth, truth.requests, end, seconds);
      const le = truth.ttftLe.map(a => sumWindow(truth, a, end, seconds));
      const rank = q * total;
      const j = le.findIndex(c => c >= rank);
      if (j < 0) return truth.ttftBuckets.at(-1);
      const [lower, below] = j ? [truth.ttftBuckets[j - 1], le[j - 1]] : [0, 0];
      return (
        lower +
        ((truth.ttftBuckets[j] - lower) * (rank - below)) / (le[j] - below)
      );
    };
    for (const [window, seconds] of [
      ['1h', 3600],
      ['1d', DAY],
    ] as const) {
      const w = ttft.windows.find(x => x.window === window);
      for (const [key, q] of [
        ['p50', 0.5],
        ['p95', 0.95],
        ['p99', 0.99],
      ] as const) {
        const expected = truthQuantile(q, seconds);
        // (rate() extrapolates every bucket of a pod alike, so the shares,
        // and the percentile, are the generated ones.)
        near(w[key], expected, expected * 1e-6, `TTFT ${key} over ${window}`);
      }
    }
  });

  it('computes quality as time slices of the evaluation score', async () => {
    const { body } = await api(`/slo/component/default/chat?at=${at}`);
    const q = body.slos.find(s => s.name === 'faithfulness');
    let good = 0;
    let total = 0;
    for (let t = end - 30 * DAY + 3600; t <= end; t += 3600) {
      const samples = truth.quality.filter(([s]) => s > t - 3600 && s <= t);
      if (!samples.length) continue;
      total++;
      if (samples.reduce((a, [, v]) => a + v, 0) / samples.length >= 0.8)
        good++;
    }
    assert.equal(q.unit, 'time slices');
    near(q.total, total, 1, 'time slices');
    near(q.good, good, 1, 'good time slices');
    assert.ok(
      q.attainment < 0.95 && q.attainment > 0.9,
      `two bad days of 30: ${q.attainment}`,
    );
  });

  it('computes GPU-hours by capacity type, cost, spot savings, idle waste, tokens and tenants', async () => {
    const { status, body } = await api(
      `/cost/component/default/chat?days=30&at=${at}`,
    );
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.status, 'ok', JSON.stringify(body));
    const c = body.cost;
    const hours = (cap: 'on-demand' | 'spot') =>
      sumWindow(truth, truth.gpus[cap], end, 30 * DAY) / 60;
    close(
      c.selfHosted.gpuHours.onDemand,
      hours('on-demand'),
      0.01,
      'on-demand GPU-hours',
    );
    close(c.selfHosted.gpuHours.spot, hours('spot'), 0.01, 'spot GPU-hours');
    const nodeHours = (node: string) =>
      sumWindow(truth, truth.gpusByNode[node], end, 30 * DAY) / 60;
    const cost = generatedCost(end, 30 * DAY);
    close(c.total, cost, 0.01, 'total cost');
    close(
      c.selfHosted.spotSavings,
      nodeHours('gpu-spot-1') * (L4.onDemand - L4.spot) +
        nodeHours('gpu-spot-2') * (4.6 / 4 - G6_SPOT_PER_GPU),
      0.01,
      'spot savings',
    );
    const busy = sumWindow(truth, truth.busyGpus, end, 30 * DAY) / 60;
    close(
      c.selfHosted.idle.gpuHours,
      hours('on-demand') + hours('spot') - busy,
      0.01,
      'idle GPU-hours',
    );
    // Each pod's idle share at its own price (was: the summed price times
    // the average idleness, 265.24 against 247.23 for 7 days).
    const idleHours = (node: string) =>
      sumWindow(truth, truth.idleGpusByNode[node], end, 30 * DAY) / 60;
    close(
      c.selfHosted.idle.cost,
      idleHours('gpu-od-1') * L4.onDemand +
        idleHours('gpu-spot-1') * L4.spot +
        idleHours('gpu-spot-2') * G6_SPOT_PER_GPU,
      0.01,
      'idle cost',
    );
    assert.deepEqual(c.selfHosted.unpriced, []);
    close(
      c.tokens.input,
      sumWindow(truth, truth.inputTokens, end, 30 * DAY),
      0.005,
      'input tokens',
    );
    close(
      c.tokens.output,
      sumWindow(truth, truth.outputTokens, end, 30 * DAY),
      0.005,
      'output tokens',
    );
    const tokens =
      sumWindow(truth, truth.inputTokens, end, 30 * DAY) +
      sumWindow(truth, truth.outputTokens, end, 30 * DAY);
    close(
      c.costPer1MTokens,
      (cost / tokens) * 1e6,
      0.015,
      'cost per 1M tokens',
    );
    // Split by the seconds the requests spent in prefill and decode.
    const prefill = sumWindow(truth, truth.prefillSeconds, end, 30 * DAY);
    const decode = sumWindow(truth, truth.decodeSeconds, end, 30 * DAY);
    const inputCost = (cost * prefill) / (prefill + decode);
    assert.equal(c.perDirectionMissing, null);
    close(c.perDirection.inputCost, inputCost, 0.015, 'input cost');
    close(c.perDirection.outputCost, cost - inputCost, 0.015, 'output cost');
    close(
      c.perDirection.inputPer1MTokens,
      (inputCost / sumWindow(truth, truth.inputTokens, end, 30 * DAY)) * 1e6,
      0.02,
      'cost per 1M input tokens',
    );
    close(
      c.perDirection.outputPer1MTokens,
      ((cost - inputCost) /
        sumWindow(truth, truth.outputTokens, end, 30 * DAY)) *
        1e6,
      0.02,
      'cost per 1M output tokens',
    );
    const tenantTotal = Object.values(truth.tenantTokens).reduce(
      (a, arr) => a + sumWindow(truth, arr, end, 30 * DAY),
      0,
    );
    for (const t of c.tenants) {
      near(
        t.share,
        sumWindow(truth, truth.tenantTokens[t.tenant], end, 30 * DAY) /
          tenantTotal,
        0.002,
        `share of ${t.tenant}`,
      );
    }
    assert.deepEqual(c.tenants.map(t => t.tenant).sort(), [
      'acme',
      'globex',
      'initech',
    ]);
    // Cost per 1M tokens within the TTFT SLO: the tokens of the requests
    // that met 0.5 s, as generated (the back end takes them to carry the
    // average tokens).
    const ttft = c.withinSlo.find(r => r.slo === 'ttft');
    const goodTokens = sumWindow(truth, truth.ttftGoodTokens, end, 30 * DAY);
    near(
      ttft.share,
      sumWindow(truth, truth.ttftGood, end, 30 * DAY) /
        sumWindow(truth, truth.requests, end, 30 * DAY),
      0.002,
      'share of requests within the TTFT SLO',
    );
    close(ttft.tokens, goodTokens, 0.01, 'tokens within the TTFT SLO');
    close(
      ttft.costPer1MTokens,
      (cost / goodTokens) * 1e6,
      0.02,
      'cost per 1M tokens within the TTFT SLO',
    );
    assert.ok(ttft.costPer1MTokens > c.costPer1MTokens);
    // A quality SLO counts time slices, not requests: not listed.
    assert.deepEqual(
      c.withinSlo.map(r => r.slo),
      ['availability', 'ttft', 'inter-token', 'ttft-off-bucket'],
    );
    // Each tenant pays for its input and its output tokens at their own
    // cost: globex's long prompts cost it less than its share of tokens.
    const tenantIn = (t: string) =>
      sumWindow(truth, truth.tenantInput[t], end, 30 * DAY);
    const tenantOut = (t: string) =>
      sumWindow(truth, truth.tenantOutput[t], end, 30 * DAY);
    const allIn = ['acme', 'globex', 'initech'].reduce(
      (a, t) => a + tenantIn(t),
      0,
    );
    const allOut = ['acme', 'globex', 'initech'].reduce(
      (a, t) => a + tenantOut(t),
      0,
    );
    for (const row of c.tenants) {
      close(row.inputTokens, tenantIn(row.tenant), 0.005, `${row.tenant} in`);
      close(
        row.outputTokens,
        tenantOut(row.tenant),
        0.005,
        `${row.tenant} out`,
      );
      const expected =
        (inputCost * tenantIn(row.tenant)) / allIn +
        ((cost - inputCost) * tenantOut(row.tenant)) / allOut;
      close(row.cost, expected, 0.02, `cost of ${row.tenant}`);
    }
    const globex = c.tenants.find(t => t.tenant === 'globex');
    assert.ok(
      globex.cost < globex.share * c.total * 0.95,
      `globex pays by direction (${globex.cost}), not by its share of tokens (${
        globex.share * c.total
      })`,
    );
    // The model's own page sees the tenants calling it at the gateway.
    const model = await api(`/cost/aimodel/default/llama?days=30&at=${at}`);
    assert.equal(model.body.status, 'ok', JSON.stringify(model.body));
    // A self-hosted model costs what its server's GPUs cost for its tokens
    // (chat-server serves only llama): not $0.
    const m = model.body.cost;
    close(m.total, cost, 0.01, 'the model’s cost from its server');
    assert.deepEqual(m.attributedMissing, []);
    close(m.tokensPerHour, tokens / (30 * 24), 0.005, 'tokens per hour');
    // Against the hosted models of its type, at its own input/output mix.
    const inputs = sumWindow(truth, truth.inputTokens, end, 30 * DAY);
    const outputs = sumWindow(truth, truth.outputTokens, end, 30 * DAY);
    const gpt = m.hostedAlternatives.find(a => a.model === 'gpt-4o');
    const atGpt = (inputs * GPT4O.input + outputs * GPT4O.output) / 1e6;
    close(gpt.cost, atGpt, 0.01, 'the same tokens at gpt-4o');
    close(
      gpt.breakEvenTokensPerHour,
      cost / (30 * 24) / (atGpt / tokens),
      0.02,
      'break-even token rate against gpt-4o',
    );
    // And as a request rate, at the window's tokens per request (vLLM's
    // time-to-first-token histogram counts each request once).
    const requests = sumWindow(truth, truth.requests, end, 30 * DAY);
    close(m.requestsPerHour, requests / (30 * 24), 0.005, 'requests per hour');
    close(
      gpt.breakEvenRequestsPerHour,
      (gpt.breakEvenTokensPerHour * requests) / tokens,
      0.01,
      'break-even request rate against gpt-4o',
    );
    assert.ok(m.hostedAlternatives.some(a => a.model === 'claude-sonnet-4'));
    // Its cost per direction by its own prefill and decode seconds.
    close(m.perDirection.inputCost, inputCost, 0.02, 'the model’s input cost');
    assert.deepEqual(model.body.cost.tenants.map(t => t.tenant).sort(), [
      'acme',
      'globex',
      'initech',
    ]);
    assert.equal(c.daily.length, daysTouched(end, 30));
    close(
      c.daily.reduce((a, d) => a + d.total, 0),
      c.total,
      0.01,
      'the daily costs add up to the total',
    );
    const month = at.slice(0, 7);
    const mtd = c.daily
      .filter(d => d.day.startsWith(month))
      .reduce((a, d) => a + d.total, 0);
    near(c.budget.monthToDate, mtd, 1e-6, 'month to date');
    assert.equal(c.budget.amount, 900);
    let expected = 'under';
    if (c.budget.projectedMonthEnd > 900) expected = 'at-risk';
    if (c.budget.monthToDate > 900) expected = 'over';
    assert.equal(c.budget.status, expected);
  });

  it('charges a caller of a self-hosted model its share of the server’s GPUs, day by day, by tokens', async () => {
    const { status, body } = await api(
      `/cost/component/default/rag?window=30d&at=${at}`,
    );
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.status, 'ok', JSON.stringify(body));
    const c = body.cost;
    assert.deepEqual(c.attributedMissing, []);
    // Its pod requests no GPU: no GPU cost of its own, and nothing missing.
    assert.equal(c.selfHosted, null);
    assert.equal(c.selfHostedMissing, null);
    // As generated: each day, the chat pods' cost times the caller's share
    // of the tokens they served that day.
    let expected = 0;
    for (
      let dayEnd = Math.ceil((end - 30 * DAY) / DAY) * DAY;
      ;
      dayEnd += DAY
    ) {
      const to = Math.min(dayEnd, end);
      const span = to - Math.max(dayEnd - DAY, end - 30 * DAY);
      const of = (arr: ArrayLike<number>) => sumWindow(truth, arr, to, span);
      const caller =
        of(truth.callerTokens.input) + of(truth.callerTokens.output);
      const served = of(truth.inputTokens) + of(truth.outputTokens);
      if (served) expected += (generatedCost(to, span) * caller) / served;
      if (to === end) break;
    }
    const [llama] = c.attributed.byModel;
    assert.equal(llama.entityRef, 'aimodel:default/llama');
    assert.deepEqual(llama.servedBy, ['component:default/chat-server']);
    close(llama.cost, expected, 0.01, 'the caller’s share of llama');
    close(c.total, expected, 0.01, 'total');
    close(
      llama.inputTokens,
      sumWindow(truth, truth.callerTokens.input, end, 30 * DAY),
      0.005,
      'input tokens of its calls',
    );
    close(
      llama.share,
      (sumWindow(truth, truth.callerTokens.input, end, 30 * DAY) +
        sumWindow(truth, truth.callerTokens.output, end, 30 * DAY)) /
        (sumWindow(truth, truth.inputTokens, end, 30 * DAY) +
          sumWindow(truth, truth.outputTokens, end, 30 * DAY)),
      0.01,
      'share of the tokens',
    );
    close(
      c.daily.reduce((a, d) => a + d.total, 0),
      c.total,
      0.01,
      'the daily costs add up to the total',
    );
    assert.notEqual(c.budget.status, 'unknown');
    // A share of a model is priced per token of either direction.
    assert.equal(c.perDirection, null);
    assert.match(c.perDirectionMissing, /priced per token of either direction/);
  });

  it('says which pods it looked for when none are found, instead of $0 and under budget', async () => {
    const { status, body } = await api(
      `/cost/component/default/ghost-pods?days=7&at=${at}`,
    );
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.status, 'ok', JSON.stringify(body));
    const c = body.cost;
    assert.equal(c.selfHosted, null);
    assert.match(
      c.selfHostedMissing,
      /^no pods whose kube_pod_labels has label_backstage_io_kubernetes_id="ghost", nor pods of a Deployment or StatefulSet named "ghost" \(kube_pod_owner, kube_replicaset_owner\), in the last 7 days: their GPU requests \(kube_pod_container_resource_requests\{resource="nvidia_com_gpu"\}\) are not in the total$/,
    );
    // Its tokens are there; the budget is not called "under" on half the spend.
    assert.ok(c.tokens.input > 0, JSON.stringify(c.tokens));
    assert.equal(c.budget.status, 'unknown');
  });

  it('finds pods without pod-label series through their owners, Pod → ReplicaSet → Deployment', async () => {
    const { body } = await api(
      `/cost/component/default/batch-embedder?days=7&at=${at}`,
    );
    assert.equal(body.status, 'ok', JSON.stringify(body));
    const c = body.cost;
    assert.equal(c.selfHostedMissing, null);
    // One L4 on the on-demand node for the whole week, as generated.
    close(c.selfHosted.gpuHours.onDemand, 7 * 24, 0.01, 'GPU-hours');
    assert.equal(c.selfHosted.gpuHours.spot, 0);
    close(c.total, 7 * 24 * L4.onDemand, 0.01, 'cost');
    // The chat service's pods (found by label) are not its.
    const chat = await api(`/cost/component/default/chat?days=7&at=${at}`);
    close(
      chat.body.cost.selfHosted.gpuHours.onDemand +
        chat.body.cost.selfHosted.gpuHours.spot,
      sumWindow(truth, truth.gpus['on-demand'], end, 7 * DAY) / 60 +
        sumWindow(truth, truth.gpus.spot, end, 7 * DAY) / 60,
      0.01,
      'chat GPU-hours without the embedder',
    );
  });

  it('lists the pods that started and stopped, with the spot interruption', async () => {
    const { body } = await api(
      `/cost/component/default/chat?window=30d&at=${at}`,
    );
    assert.equal(body.status, 'ok', JSON.stringify(body));
    // The window's steps are on the 15-minute grid, the last at or before
    // `at`. A pod started inside it when the first step does not see it:
    // it came later, or the history had no sample of it yet (samples older
    // than 3 days are 5 minutes apart from the history's start, and
    // Prometheus looks back 5 minutes).
    const lastStep = Math.floor(end / 900) * 900;
    const firstStep = lastStep - 30 * DAY + 900;
    const seenAtFirstStep = (p: { from: number }) =>
      p.from <= firstStep && firstStep >= truth.start + 300;
    // As generated: a pod whose life begins or ends inside the window; the
    // spot pod that ends leaves with its node (nothing else runs on it).
    const expected = truth.pods
      .flatMap(p => [
        ...(!seenAtFirstStep(p)
          ? [{ kind: 'started', at: Math.max(p.from, truth.start + 300), ...p }]
          : []),
        ...(p.to < lastStep - 900
          ? [
              {
                kind: p.capacity === 'spot' ? 'spot-interruption' : 'stopped',
                at: p.to,
                ...p,
              },
            ]
          : []),
      ])
      .sort((a, b) => a.at - b.at);
    const events = body.cost.selfHosted.events;
    assert.deepEqual(
      events.map(e => [e.kind, e.pod, e.node, e.capacity]),
      expected.map(e => [e.kind, e.pod, e.node, e.capacity]),
    );
    assert.ok(expected.length >= 2, 'the history has a replacement');
    // To the 15-minute step the GPU requests are read at, after the
    // 5-minute scrape that first saw the pod.
    events.forEach((e, i) =>
      near(
        Date.parse(e.at) / 1000,
        expected[i].at,
        900 + 300,
        `${e.kind} of ${e.pod}`,
      ),
    );
  });

  it('computes the cost over the last hour, the last day and the calendar month', async () => {
    const monthStart =
      Date.UTC(
        new Date(end * 1000).getUTCFullYear(),
        new Date(end * 1000).getUTCMonth(),
        1,
      ) / 1000;
    for (const [window, seconds] of [
      ['1h', 3600],
      ['1d', DAY],
      ['month', end - monthStart],
    ] as const) {
      const { body } = await api(
        `/cost/component/default/chat?window=${window}&at=${at}`,
      );
      assert.equal(body.status, 'ok', JSON.stringify(body));
      assert.equal(body.cost.window, window);
      close(
        body.cost.total,
        generatedCost(end, seconds),
        // an hour is four 15-minute samples of the GPU requests
        window === '1h' ? 0.05 : 0.01,
        `cost over ${window}`,
      );
      close(
        body.cost.daily.reduce((a, d) => a + d.total, 0),
        body.cost.total,
        1e-9,
        `the days of ${window} add up to its total`,
      );
    }
  });

  it('counts the budget month to date from the 1st, whatever the window', async () => {
    // Late in a month: the history's end, or the last minute of the month
    // before when this one started less than 8 days ago (then a 7-day window
    // misses most of the month, as it did: 354.82 against 1300.99).
    const endDate = new Date(end * 1000);
    const monthStartOf = (t: number) =>
      Date.UTC(
        new Date(t * 1000).getUTCFullYear(),
        new Date(t * 1000).getUTCMonth(),
        1,
      ) / 1000;
    const lateInMonth =
      end - monthStartOf(end) >= 8 * DAY
        ? end
        : Date.UTC(endDate.getUTCFullYear(), endDate.getUTCMonth(), 1) / 1000 -
          60;
    const when = new Date(lateInMonth * 1000).toISOString();
    const truthMonthToDate = generatedCost(
      lateInMonth,
      lateInMonth - monthStartOf(lateInMonth),
    );
    for (const days of [7, 28, 30]) {
      const { body } = await api(
        `/cost/component/default/chat?days=${days}&at=${when}`,
      );
      assert.equal(body.status, 'ok', JSON.stringify(body));
      close(
        body.cost.budget.monthToDate,
        truthMonthToDate,
        0.01,
        `month to date at ${when} with a ${days}-day window`,
      );
    }
  });

  it('prices hosted API tokens with each model entity’s prices, cached input at its own', async () => {
    const { body } = await api(`/cost/component/default/gateway?at=${at}`);
    assert.equal(body.status, 'ok', JSON.stringify(body));
    const byModel = Object.fromEntries(
      body.cost.hosted.byModel.map(m => [m.model, m]),
    );
    let inputs = 0;
    let outputs = 0;
    let inputCost = 0;
    let outputCost = 0;
    for (const [model, price] of [
      ['gpt-4o', GPT4O],
      ['claude-sonnet-4', CLAUDE],
    ] as const) {
      const of = (d: 'input' | 'cached' | 'output') =>
        sumWindow(truth, truth.hosted[model][d], end, 30 * DAY);
      const [input, cached, output] = [of('input'), of('cached'), of('output')];
      close(byModel[model].inputTokens, input, 0.005, `${model} input tokens`);
      close(
        byModel[model].cachedInputTokens,
        cached,
        0.005,
        `${model} cached input tokens`,
      );
      // Cached tokens are part of the input, priced at the cached price.
      const modelInputCost =
        ((input - cached) * price.input + cached * price.cached) / 1e6;
      const modelOutputCost = (output * price.output) / 1e6;
      close(
        byModel[model].cost,
        modelInputCost + modelOutputCost,
        0.005,
        `${model} cost`,
      );
      inputs += input;
      outputs += output;
      inputCost += modelInputCost;
      outputCost += modelOutputCost;
    }
    assert.equal(body.cost.selfHosted, null);
    // Per direction, each model's tokens at their own price.
    const d = body.cost.perDirection;
    close(d.inputCost, inputCost, 0.005, 'hosted input cost');
    close(d.outputCost, outputCost, 0.005, 'hosted output cost');
    close(d.inputPer1MTokens, (inputCost / inputs) * 1e6, 0.005, 'per 1M in');
    close(
      d.outputPer1MTokens,
      (outputCost / outputs) * 1e6,
      0.005,
      'per 1M out',
    );
    close(
      body.cost.daily.reduce((a, x) => a + x.total, 0),
      body.cost.total,
      0.005,
      'the daily costs add up to the total',
    );
  });

  it('adds up a team’s AI models, and their cost per 1M tokens within their SLOs', async () => {
    const { status, body } = await api(
      `/team-cost/default/ml-platform?window=30d&at=${at}`,
    );
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.status, 'ok', JSON.stringify(body));
    const t = body.cost;
    const row = (ref: string) => t.models.find(m => m.entityRef === ref);
    // The test's llama costs its server's GPUs (chat-server serves only it).
    const llamaCost = generatedCost(end, 30 * DAY);
    close(row('aimodel:default/llama').cost, llamaCost, 0.01, 'llama');
    // A hosted model costs its tokens everywhere at its prices.
    for (const [model, price] of [
      ['gpt-4o', GPT4O],
      ['claude-sonnet-4', CLAUDE],
    ] as const) {
      const of = (d: 'input' | 'cached' | 'output') =>
        sumWindow(truth, truth.hosted[model][d], end, 30 * DAY);
      close(
        row(`aimodel:default/${model}`).cost,
        ((of('input') - of('cached')) * price.input +
          of('cached') * price.cached +
          of('output') * price.output) /
          1e6,
        0.005,
        model,
      );
    }
    // Each row is the model's own cost report; the total adds them up.
    let sum = 0;
    for (const m of t.models) {
      const own = await api(
        `/cost/${m.entityRef.replace(':', '/')}?window=30d&at=${at}`,
      );
      if (own.body.status === 'ok') {
        near(m.cost, own.body.cost.total, 1e-9, m.entityRef);
        sum += m.cost;
      } else {
        assert.equal(m.status, own.body.status, m.entityRef);
        assert.equal(m.cost, null);
      }
    }
    near(t.total, sum, 1e-9, 'the team total');
    // The example catalog's models have no series here: named, and the
    // total is a lower bound.
    assert.equal(t.complete, false);
    assert.equal(
      row('aimodel:default/llama-3-1-8b-instruct').status,
      'incomplete',
    );
    // Within the TTFT SLO: llama's tokens of the requests that met 0.5 s,
    // as generated; the example model without requests is not measured.
    const ttft = t.withinSlo.find(w => w.indicator === 'ttft');
    assert.deepEqual(ttft.models, ['aimodel:default/llama']);
    const goodTokens = sumWindow(truth, truth.ttftGoodTokens, end, 30 * DAY);
    close(ttft.tokens, goodTokens, 0.01, 'team tokens within the TTFT SLO');
    close(
      ttft.costPer1MTokens,
      (llamaCost / goodTokens) * 1e6,
      0.02,
      'team cost per 1M tokens within the TTFT SLO',
    );
    assert.ok(
      ttft.unmeasured.some(
        u => u.entityRef === 'aimodel:default/llama-3-1-8b-instruct',
      ),
      JSON.stringify(ttft.unmeasured),
    );
    // A Group that owns no model, and a name that is not one.
    const none = await api(`/team-cost/default/acme-ai?at=${at}`);
    assert.equal(none.body.status, 'no-models', JSON.stringify(none.body));
    const bad = await api('/team-cost/default/ml-platform?window=90d');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /^query window: must be one of/);
  });

  it('keeps injection attempts in annotations inside label values', async () => {
    const slo = await api(`/slo/component/default/injected?at=${at}`);
    assert.equal(slo.status, 200, JSON.stringify(slo.body));
    assert.equal(slo.body.slos[0].status, 'no-data');
    assert.equal(slo.body.slos[0].total, 0);
    const cost = await api(`/cost/component/default/injected?at=${at}`);
    assert.equal(cost.body.status, 'no-data', JSON.stringify(cost.body));
  });

  it('refuses bad input with a 400 that names the field', async () => {
    for (const [path, message] of [
      [
        '/cost/component/default/chat?days=90',
        'query days: must be 7, 28 or 30',
      ],
      [
        '/cost/component/default/chat?window=90d',
        'query window: must be one of 1h, 1d, 7d, 28d, 30d, month',
      ],
      [
        '/cost/component/default/chat?at=yesterday',
        'query at: must be an ISO 8601 date and time',
      ],
      [
        `/slo/component/default/chat?at=${new Date(
          Date.now() + 3_600_000,
        ).toISOString()}`,
        'query at: must not be in the future',
      ],
      [
        '/slo/component/default/chat?window=2d',
        'query window: must be one of 1h, 1d, 7d, 28d, 30d, month',
      ],
      ['/slo/component/default/chat?days=7', 'unknown query parameter days'],
      [
        '/cost/component/default/bad-labels',
        'annotation ai-refarch.io/prometheus-labels: "service chat" is not name=value',
      ],
    ] as const) {
      const { status, body } = await api(path);
      assert.equal(status, 400, `${path}: ${JSON.stringify(body)}`);
      assert.ok(
        body.error.message.includes(message),
        `${path}: ${body.error.message}`,
      );
    }
    // The catalog refuses an entity with a wrong budget (SloSpecProcessor
    // reports it as a processing error), so it never reaches the cards.
    assert.equal((await api('/cost/component/default/bad-budget')).status, 404);
    const none = await api('/slo/component/default/no-slos');
    assert.equal(none.body.status, 'no-slos');
    assert.match(none.body.message, /add spec\.slos/);
    assert.equal((await api('/slo/component/default/missing')).status, 404);
  });

  it('answers 503 with the reason when Prometheus is down, slow or not Prometheus, and keeps serving', async () => {
    for (const [source, message] of [
      [
        'down',
        /Prometheus data source down \(.*\) is unreachable: ECONNREFUSED/,
      ],
      [
        'slow',
        /Prometheus data source slow \(.*\) did not answer within 1 s \(aiOps\.prometheus\.sources\.slow\.timeout\)/,
      ],
      [
        'garbage',
        /Prometheus data source garbage \(.*\) answered HTTP 200 with something that is not the Prometheus API/,
      ],
    ] as const) {
      for (const kind of ['slo', 'cost']) {
        const { status, body } = await api(
          `/${kind}/component/default/fault-${source}`,
        );
        assert.equal(status, 503, `${kind} ${source}: ${JSON.stringify(body)}`);
        assert.match(body.error.message, message);
      }
    }
    assert.equal(
      (await api(`/slo/component/default/chat?at=${at}`)).status,
      200,
    );
  });

  it('answers the evidence of many entities with grouped queries, figure for figure as the per-entity endpoints', async () => {
    const evidence = async (
      body: object,
    ): Promise<{
      status: number;
      // Each item's figures are read as the per-entity endpoints' answers,
      // ok or not, and compared.
      body: { items: any[]; error?: { message: string } };
    }> => {
      const res = await fetch(`${backend.baseUrl}/api/ai-ops/evidence`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const refs = [
      ...entities.map(
        e => `${e.kind.toLowerCase()}:default/${e.metadata.name}`,
      ),
      'component:default/not-registered',
    ];
    const { status, body } = await evidence({ entityRefs: refs, at });
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(
      body.items.map(i => i.entityRef),
      refs,
    );
    const item = (ref: string) => body.items.find(i => i.entityRef === ref);
    const same = (actual: number, expected: number, what: string) =>
      expected === null || actual === null
        ? assert.equal(actual, expected, what)
        : close(actual, expected, 1e-9, what);
    let compared = 0;
    for (const entity of entities) {
      const path = `${entity.kind.toLowerCase()}/default/${
        entity.metadata.name
      }`;
      const ref = `${entity.kind.toLowerCase()}:default/${
        entity.metadata.name
      }`;
      const mine = item(ref);
      const annotations = entity.metadata.annotations ?? {};
      const slo = await api(`/slo/${path}?at=${at}`);
      if (slosOf(entity).length && slo.status === 200) {
        if (slo.body.status !== 'ok') {
          assert.equal(mine.problem, slo.body.message, ref);
        } else {
          for (const one of slo.body.slos) {
            const row = mine.slos.value.find(
              (r: SloEvidence) => r.name === one.name,
            );
            same(
              row.attainment,
              one.attainment,
              `${ref} ${one.name} attainment`,
            );
            same(row.total, one.total, `${ref} ${one.name} total`);
            assert.equal(row.status, one.status, `${ref} ${one.name} status`);
            compared++;
          }
          // An SLO the per-entity report leaves out for a problem is
          // named with it, unmeasured.
          for (const problem of slo.body.problems) {
            const name = problem.message.split(':')[0];
            const row = mine.slos.value.find(
              (r: SloEvidence) => r.name === name,
            );
            if (!row) continue;
            assert.equal(row.attainment, null, `${ref} ${name}`);
            assert.equal(
              `${name}: ${row.problem}`,
              problem.message,
              `${ref} ${name} problem`,
            );
          }
        }
      } else if (slosOf(entity).length && slo.status === 503) {
        // Its data source fails: each SLO unmeasured, with the same reason.
        for (const row of mine.slos.value) {
          assert.equal(row.attainment, null, `${ref} ${row.name}`);
          assert.equal(row.problem, slo.body.error.message, `${ref} problem`);
        }
      } else if (slosOf(entity).length) {
        // The per-entity endpoint refuses the entity (an annotation in error).
        assert.equal(mine.problem, slo.body.error.message, `${ref} problem`);
      }
      const serving =
        entity.kind === 'Component' &&
        [
          'ai-refarch.io/serves-models',
          'ai-refarch.io/prometheus-labels',
          'backstage.io/kubernetes-id',
        ].some(a => annotations[a] !== undefined);
      if (!serving || mine.problem) continue;
      const cost = await api(`/cost/${path}?window=7d&at=${at}`);
      const self = cost.body.cost?.selfHosted;
      const hours = self ? self.gpuHours.onDemand + self.gpuHours.spot : 0;
      if (self?.idle && hours > 0) {
        assert.equal(mine.gpu.status, 'ok', `${ref} gpu`);
        same(mine.gpu.value.gpuHours, hours, `${ref} GPU-hours`);
        same(
          mine.gpu.value.idleGpuHours,
          self.idle.gpuHours,
          `${ref} idle GPU-hours`,
        );
        compared++;
      } else {
        assert.equal(mine.gpu.status, 'unknown', `${ref} gpu`);
      }
      const sloSeen =
        slo.body.status === 'ok' && slo.body.slos.some(s => s.total > 0);
      assert.equal(
        mine.metrics.value.exported,
        cost.body.status === 'ok' || sloSeen,
        `${ref} exported`,
      );
      const alerting = await api(`/alerting/${path}`);
      assert.deepEqual(
        mine.alerting.alerts,
        alerting.body.alerts,
        `${ref} alerts`,
      );
      if (annotations['ai-refarch.io/monthly-budget'] !== undefined) {
        assert.deepEqual(
          mine.budget.cost?.budget,
          cost.body.cost?.budget,
          `${ref} budget`,
        );
      }
    }
    // chat's four occurrence SLOs and llama's, and the GPUs of chat, the
    // chat server and the batch embedder (found through its owners).
    assert.ok(compared >= 8, `${compared} figures compared`);
    assert.equal(
      item('component:default/batch-embedder').gpu.status,
      'ok',
      'pods found through Pod → ReplicaSet → Deployment',
    );
    assert.equal(item('component:default/ghost-pods').gpu.status, 'unknown');
    assert.equal(
      item('component:default/not-registered').problem,
      'component:default/not-registered is not in the catalog',
    );
    // A data source that is down: its entities' SLOs unmeasured, with why.
    const down = item('component:default/fault-down').slos.value[0];
    assert.equal(down.attainment, null);
    assert.match(down.problem, /Prometheus data source down/);

    // Without `at`, a page answered from kept answers is as of when they
    // were computed, not as of the request.
    const first = await evidence({ entityRefs: ['component:default/chat'] });
    await new Promise(r => setTimeout(r, 20));
    const again = await evidence({ entityRefs: ['component:default/chat'] });
    assert.equal(
      again.body.items[0].slos.computedAt,
      first.body.items[0].slos.computedAt,
    );

    // Bad bodies are refused with the field named.
    for (const [bad, message] of [
      [{}, /^body entityRefs: /],
      [{ entityRefs: [] }, /^body entityRefs: must name at least one entity/],
      [
        { entityRefs: ['chat'] },
        /^body entityRefs\.0: must be an entity ref in full/,
      ],
      [
        {
          entityRefs: Array.from(
            { length: 1001 },
            (_, i) => `component:default/x${i}`,
          ),
        },
        /^body entityRefs: must name at most 1000 entities/,
      ],
      [{ entityRefs: refs, extra: 1 }, /^unknown body parameter extra/],
      [{ entityRefs: refs, at: 'yesterday' }, /^body at: /],
    ] as const) {
      const res = await evidence(bad);
      assert.equal(res.status, 400, JSON.stringify(bad).slice(0, 80));
      assert.match(res.body.error.message, message);
    }
  });

  it('gives the scorecard Prometheus evidence: SLOs met, metrics exported, idle GPU share', async () => {
    const refresh = async (name: string): Promise<EntityScorecard> => {
      const res = await fetch(
        `${backend.baseUrl}/api/ai-scorecard/scorecards/component/default/${name}/refresh`,
        { method: 'POST', headers: { Authorization: `Bearer ${token}` } },
      );
      assert.equal(res.status, 200);
      return (await res.json()).scorecard;
    };
    const result = (card: EntityScorecard, ruleId: string) =>
      card.results.find(r => r.ruleId === ruleId);

    const chat = await refresh('chat');
    const { body } = await api('/slo/component/default/chat');
    const measured = body.slos.filter(s => s.attainment !== null);
    const met = measured.every(s => s.attainment >= s.target);
    // the truth agrees on the SLOs computed straight from the generator
    const total = sumWindow(truth, truth.requests, end, 28 * DAY);
    const availability =
      1 - sumWindow(truth, truth.errors, end, 28 * DAY) / total;
    if (availability < 0.995)
      assert.equal(met, false, 'availability is missed');
    const slosMet = result(chat, 'on-call-incidents.slos-met');
    assert.equal(slosMet.status, met ? 'pass' : 'fail');
    assert.equal(slosMet.evidence[0].actual, met);
    assert.equal(chat.facts['prometheus.slo'].source, 'prometheus:test');
    // The budget is graded on the month's projected spend, as the cost
    // service computes it from the 1st (checked against the truth above).
    const cost = (await api('/cost/component/default/chat?days=7')).body.cost;
    const budget = result(chat, 'cost-discipline.budget');
    assert.equal(budget.evidence[1].actual, cost.budget.status);
    assert.equal(
      budget.status,
      cost.budget.status === 'under' ? 'pass' : 'fail',
    );
    assert.equal(chat.facts['prometheus.budget'].source, 'prometheus:test');
    // 900 USD a month is overrun by the chat workload (about 1,300 USD by the
    // end of November in the truth); a million is not.
    assert.equal(budget.status, 'fail');
    const funded = await refresh('chat-well-funded');
    assert.equal(result(funded, 'cost-discipline.budget').status, 'pass');
    // A workload whose pods cannot be found is not under budget: unknown.
    const ghost = await refresh('ghost-pods');
    assert.equal(result(ghost, 'cost-discipline.budget').status, 'unknown');

    const server = await refresh('chat-server');
    assert.equal(
      result(server, 'llm-observability.exports-metrics').status,
      'pass',
    );
    const gpuHours = (['on-demand', 'spot'] as const).reduce(
      (a, cap) => a + sumWindow(truth, truth.gpus[cap], end, 7 * DAY) / 60,
      0,
    );
    const busy = sumWindow(truth, truth.busyGpus, end, 7 * DAY) / 60;
    const idle = result(server, 'cost-discipline.idle-gpu-waste');
    near(
      idle.evidence[0].actual as number,
      (gpuHours - busy) / gpuHours,
      0.01,
      'idle GPU share over 7 days',
    );
    assert.equal(
      idle.status,
      (gpuHours - busy) / gpuHours <= 0.3 ? 'pass' : 'fail',
    );

    // a data source that is down leaves the facts unknown, with the reason
    const down = await refresh('fault-down');
    assert.equal(result(down, 'on-call-incidents.slos-met').status, 'unknown');
    assert.match(
      down.facts['prometheus.slo'].reason,
      /^availability: Prometheus data source down \(.*\) is unreachable/,
    );
  });

  it('reads the alerting rules Prometheus has loaded for an entity, and grades them', async () => {
    await waitFor(
      async () => {
        const res = await fetch(`${prometheus.baseUrl}/api/v1/rules`);
        const groups: { rules: { health: string }[] }[] = (await res.json())
          .data.groups;
        return groups.every(g => g.rules.every(r => r.health !== 'unknown'));
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: 'the rules evaluated' },
    );
    const chat = await api('/alerting/component/default/chat-server');
    assert.equal(chat.status, 200);
    assert.deepEqual(
      chat.body.alerts.map(a => [a.name, a.severity, a.health, a.state]),
      [
        ['SLOErrorBudgetBurnFast', 'page', 'ok', 'inactive'],
        ['SLOErrorBudgetBurnSlow', 'ticket', 'ok', 'inactive'],
      ],
    );
    const broken = await api('/alerting/component/default/batch-embedder');
    assert.equal(broken.body.alerts.length, 1);
    assert.equal(broken.body.alerts[0].health, 'err');
    assert.match(broken.body.alerts[0].lastError, /many-to-many matching/);
    // A hostile label value selects nothing: rules are matched by equality,
    // not by building a query.
    assert.deepEqual(
      (await api('/alerting/component/default/injected')).body.alerts,
      [],
    );
    assert.equal(
      (await api('/alerting/component/default/chat?x=1')).status,
      400,
    );

    const refresh = async (name: string): Promise<EntityScorecard> => {
      const res = await fetch(
        `${backend.baseUrl}/api/ai-scorecard/scorecards/component/default/${name}/refresh`,
        { method: 'POST', headers: { Authorization: `Bearer ${token}` } },
      );
      assert.equal(res.status, 200);
      return (await res.json()).scorecard;
    };
    const server = await refresh('chat-server');
    const live = server.results.find(
      r => r.ruleId === 'on-call-incidents.slo-alerts-live',
    );
    assert.equal(live.status, 'pass', JSON.stringify(live));
    assert.deepEqual(
      live.evidence.map(e => [e.path, e.actual]),
      [
        ['pageAlerts', 1],
        ['ticketAlerts', 1],
        ['failing', []],
      ],
    );
    assert.equal(server.facts['prometheus.alerting'].source, 'prometheus:test');
  });

  it('serves a repeated request from the cache', async () => {
    const first = await api(`/slo/component/default/chat`);
    const second = await api(`/slo/component/default/chat`);
    assert.equal(second.body.computedAt, first.body.computedAt);
  });
});
