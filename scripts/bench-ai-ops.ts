// npm run bench:ai-ops
//
// Starts Debian's Prometheus over the demo's 30 days of history and the dev
// back end pointed at it, then times the SLO and cost endpoints of the
// example vLLM service and the LLM gateway: cold (each request for a
// different minute, so that no answer is cached; complete past days come
// from the per-day cache, which the first request fills) and cached (the
// same request again). Prints p50 and p95; targets: p95 100 ms or less
// cold, 10 ms or less cached. Then a fleet of 1,000 entities with SLOs against one
// Prometheus (packages/test-kit/src/history/sloFleet.ts): each one's SLOs cold, one at a
// time and eight at a time. Then the scorecard grading 10,000 entities with
// live facts: the Kubernetes fact collector against a loopback cluster of
// 10,000 pods on 2,000 nodes and the Prometheus fact collector through the
// ai-ops back end over a Prometheus with 7 days of the same fleet's series
// (plugins/ai-scorecard-backend-module-kubernetes/bench); targets 10 s and
// 500 MB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fleetEntities,
  fleetHistory,
  freePort,
  repoRoot,
  runMain,
  startBackend,
  startDemoPrometheus,
  startPrometheus,
  TestBackend,
  writeServingFleetHistory,
} from '@internal/test-kit';

const COLD = Number(process.env.BENCH_COLD ?? 40);
const CACHED = Number(process.env.BENCH_CACHED ?? 300);
/** Entities with SLOs against one Prometheus, in the second part. */
const FLEET = Number(process.env.BENCH_FLEET ?? 1000);
/** Requests in flight at once when the whole fleet is asked for. */
const CONCURRENCY = 8;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

runMain(async () => {
  // The scorecard's grading runs read ai-ops for every entity (its
  // Prometheus evidence): held off here, so that the figures are the
  // endpoints' own and not contention with a background job.
  const dir = mkdtempSync(join(tmpdir(), 'bench-ai-ops-'));
  const quiet = join(dir, 'app-config.bench.yaml');
  writeFileSync(
    quiet,
    JSON.stringify({
      aiScorecard: {
        schedule: {
          frequency: { hours: 24 },
          timeout: { minutes: 15 },
          initialDelay: { hours: 1 },
        },
        catalogChanges: { enabled: false },
      },
    }),
  );
  const prometheus = await startDemoPrometheus();
  let backend: TestBackend | undefined;
  try {
    backend = await startBackend({
      port: await freePort(),
      configs: ['app-config.yaml', prometheus.configFile, quiet],
      env: { LOG_LEVEL: 'warn' },
    });
    const token = await backend.guestToken();
    const baseUrl = backend.baseUrl;
    const get = async (path: string, api = 'ai-ops') => {
      const started = performance.now();
      const res = await fetch(`${baseUrl}/api/${api}${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = await res.json();
      const ms = performance.now() - started;
      if (!res.ok || (api === 'ai-ops' && body.status !== 'ok')) {
        throw new Error(
          `${path}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`,
        );
      }
      return ms;
    };
    // The example catalog must be in first.
    for (let i = 0; ; i++) {
      try {
        await get('/slo/component/default/vllm-chat');
        await get('/cost/component/default/llm-gateway');
        break;
      } catch (e) {
        if (i > 90) throw e;
        await new Promise(r => setTimeout(r, 1000));
      }
    }
    const endpoints = [
      ['SLOs of vllm-chat (3 SLOs)', '/slo/component/default/vllm-chat'],
      [
        'cost of vllm-chat (30 days)',
        '/cost/component/default/vllm-chat?days=30',
      ],
      [
        'cost of llm-gateway (hosted)',
        '/cost/component/default/llm-gateway?days=30',
      ],
    ];
    console.log(
      `ai-ops endpoints against 30 days of history: ${COLD} cold and ${CACHED} cached requests each; targets p95 <= 100 ms cold (the first fills the per-day cache), <= 10 ms cached\n`,
    );
    const base = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
    for (const [label, path] of endpoints) {
      const sep = path.includes('?') ? '&' : '?';
      const cold: number[] = [];
      for (let i = 0; i < COLD; i++) {
        const at = new Date(base - i * 60_000).toISOString();
        cold.push(await get(`${path}${sep}at=${at}`));
      }
      const cached: number[] = [];
      for (let i = 0; i < CACHED; i++) cached.push(await get(path));
      console.log(
        `${label.padEnd(30)} cold p50 ${percentile(cold, 50)
          .toFixed(1)
          .padStart(6)} ms  p95 ${percentile(cold, 95)
          .toFixed(1)
          .padStart(6)} ms   cached p50 ${percentile(cached, 50)
          .toFixed(1)
          .padStart(5)} ms  p95 ${percentile(cached, 95)
          .toFixed(1)
          .padStart(5)} ms`,
      );
    }
    // For scale: the same back end's catalog answering for one entity (its
    // HTTP, authentication and permission stack is what a cached answer costs).
    const catalog: number[] = [];
    for (let i = 0; i < CACHED; i++) {
      catalog.push(
        await get('/entities/by-name/component/default/vllm-chat', 'catalog'),
      );
    }
    console.log(
      `\nfor scale, the catalog's entity endpoint on the same back end: p50 ${percentile(
        catalog,
        50,
      ).toFixed(1)} ms  p95 ${percentile(catalog, 95).toFixed(1)} ms`,
    );
  } finally {
    await backend?.stop();
    await prometheus.stop();
  }

  // Part two: a fleet of FLEET model servers, each with an availability and
  // a TTFT SLO over 7 days, against one Prometheus holding 7 days of their
  // series; the back end's catalog holds only them.
  const fleetEnd = Math.floor(Date.now() / 1000);
  const fleetProm = await startPrometheus({
    openmetrics: fleetHistory({ count: FLEET, end: fleetEnd, days: 7 }),
  });
  let fleetBackend: TestBackend | undefined;
  try {
    const entities = join(dir, 'fleet.yaml');
    writeFileSync(entities, fleetEntities(FLEET));
    const fleetConfig = join(dir, 'app-config.fleet.json');
    writeFileSync(
      fleetConfig,
      JSON.stringify({
        catalog: {
          locations: [{ type: 'file', target: entities }],
          processingInterval: { minutes: 30 },
        },
        aiOps: {
          prometheus: {
            default: 'fleet',
            sources: { fleet: { baseUrl: fleetProm.baseUrl } },
          },
        },
      }),
    );
    fleetBackend = await startBackend({
      port: await freePort(),
      configs: ['app-config.yaml', fleetConfig, quiet],
      env: { LOG_LEVEL: 'warn' },
    });
    const fleet = fleetBackend;
    const token = await fleet.guestToken();
    const slo = async (i: number) => {
      const started = performance.now();
      const { status, text } = await fleet.request(
        `/api/ai-ops/slo/component/default/fleet-${i}`,
        token,
      );
      const body = JSON.parse(text);
      if (status !== 200 || body.status !== 'ok' || body.slos.length !== 2) {
        throw new Error(`fleet-${i}: ${status} ${text.slice(0, 300)}`);
      }
      return performance.now() - started;
    };
    // Until the catalog has taken in the whole fleet.
    for (let i = 0; ; i++) {
      try {
        await slo(FLEET - 1);
        break;
      } catch (e) {
        if (i > 180) throw e;
        await new Promise(r => setTimeout(r, 1000));
      }
    }
    // One at a time, each entity for the first time (nothing cached).
    const single: number[] = [];
    for (let i = 0; i < Math.min(100, FLEET - 1); i++)
      single.push(await slo(i));
    // All of them, CONCURRENCY at a time, as a page or a grading run would.
    const started = performance.now();
    let next = 100;
    const all: number[] = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < FLEET - 1) all.push(await slo(next++));
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `\n${FLEET} entities with 2 SLOs each against one Prometheus (7 days of their series):\n` +
        `one at a time, cold: p50 ${percentile(single, 50).toFixed(
          1,
        )} ms  p95 ${percentile(single, 95).toFixed(1)} ms\n` +
        `the other ${all.length}, ${CONCURRENCY} at a time: ${seconds.toFixed(
          1,
        )} s (${(all.length / seconds).toFixed(
          0,
        )} entities/s), p95 ${percentile(all, 95).toFixed(1)} ms each`,
    );
  } finally {
    await fleetBackend?.stop();
    await fleetProm.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  // Part three: the scorecard grading 10,000 entities with live facts: the
  // Kubernetes fact collector against a loopback cluster of 2,000 nodes and
  // 10,000 pods, and the Prometheus fact collector through the ai-ops back end
  // against Debian's Prometheus over 7 days of the same fleet's series
  // (plugins/ai-scorecard-backend-module-kubernetes/bench), in its own
  // process so that its peak RSS is its own.
  console.log('');
  let status = 1;
  const liveDir = mkdtempSync(join(tmpdir(), 'bench-live-'));
  const liveEnd = Math.floor(Date.now() / 1000 / 60) * 60;
  // Every 2 hours over 7 days; a sample stays current for 2 hours, so that
  // every 15-minute step of the GPU subqueries sees one, as with a scrape
  // every 15 seconds.
  const historyFile = join(liveDir, 'history.om.txt');
  const samples = writeServingFleetHistory(historyFile, {
    count: Number(process.env.BENCH_DEPLOYMENTS ?? 5000),
    nodes: Number(process.env.BENCH_NODES ?? 2000),
    end: liveEnd,
    days: 7,
    step: 7200,
  });
  const liveProm = await startPrometheus({
    dir: liveDir,
    openmetricsFile: historyFile,
    lookbackDelta: '2h',
  });
  // As a running Prometheus: its backfilled blocks merged.
  await liveProm.settled();
  console.log(
    `Prometheus for the live collectors: ${samples.toLocaleString(
      'en-US',
    )} samples of the fleet's series over 7 days`,
  );
  try {
    const live = spawnSync(
      process.execPath,
      [
        // A V8 heap of 320 MB, as a platform team sizes a back end's
        // container: without a limit V8 defers collection and the peak RSS
        // measures garbage.
        '--max-old-space-size=320',
        '--require',
        '@backstage/cli/config/nodeTransform.cjs',
        'plugins/ai-scorecard-backend-module-kubernetes/bench/collector.bench.ts',
      ],
      {
        cwd: repoRoot,
        stdio: 'inherit',
        env: {
          ...process.env,
          LOG_LEVEL: 'warn',
          BENCH_PROMETHEUS_URL: liveProm.baseUrl,
        },
      },
    );
    status = live.status ?? 1;
  } finally {
    await liveProm.stop({ keep: false });
  }
  return status;
});
