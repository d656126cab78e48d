// Starts Debian's Prometheus on loopback over history backfilled with
// `promtool tsdb create-blocks-from openmetrics`, in a temporary directory
// (or a kept one), and stops it again.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './net';
import { startServer } from './server';

/** Writes the OpenMetrics text as TSDB blocks under dir/data. */
export function backfill(
  dir: string,
  openmetrics: string | undefined,
  file?: string,
): string {
  const input = file ?? join(dir, 'history.om.txt');
  if (!file) writeFileSync(input, openmetrics ?? '');
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  execFileSync(
    'promtool',
    [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      '--max-block-duration=24h',
      input,
      data,
    ],
    { stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 },
  );
  rmSync(input);
  return data;
}

/** How to start Prometheus. */
export type PrometheusOptions = {
  /** History to backfill first, as OpenMetrics text. */
  openmetrics?: string;
  /** Or a file of it, removed once read. */
  openmetricsFile?: string;
  /** Keep the data there (default: a temporary directory, removed on stop). */
  dir?: string;
  port?: number;
  /** A rule file ({ groups }) for Prometheus to load and evaluate. */
  rules?: object;
  evaluationInterval?: string;
  /** How long a sample stays the current value (default 5m). */
  lookbackDelta?: string;
};

/** A running Prometheus. */
export type TestPrometheus = {
  baseUrl: string;
  port: number;
  dir: string;
  log(): string;
  settled(): Promise<void>;
  stop(options?: { keep?: boolean }): Promise<void>;
};

export async function startPrometheus(
  options: PrometheusOptions = {},
): Promise<TestPrometheus> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ai-refarch-prom-'));
  mkdirSync(dir, { recursive: true });
  if (options.openmetrics || options.openmetricsFile) {
    backfill(dir, options.openmetrics, options.openmetricsFile);
  }
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  const config = join(dir, 'prometheus.yml');
  if (options.rules) {
    writeFileSync(join(dir, 'rules.json'), JSON.stringify(options.rules));
  }
  if (!existsSync(config) || options.rules) {
    writeFileSync(
      config,
      JSON.stringify({
        global: { evaluation_interval: options.evaluationInterval ?? '1m' },
        scrape_configs: [],
        ...(options.rules ? { rule_files: ['rules.json'] } : {}),
      }),
    );
  }
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await startServer({
    command: 'prometheus',
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      '--storage.tsdb.retention.time=400d',
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      ...(options.lookbackDelta
        ? [`--query.lookback-delta=${options.lookbackDelta}`]
        : []),
    ],
    what: 'Prometheus',
    timeoutMs: 60_000,
    logTail: 4000,
    ready: async () => (await fetch(`${baseUrl}/-/ready`)).ok,
  });
  const startedAt = Date.now();
  return {
    baseUrl,
    port,
    dir,
    log: server.log,
    /**
     * Resolves once the TSDB has merged the backfilled blocks, which it
     * starts a minute after start-up and which takes the CPU meanwhile:
     * a benchmark measures a Prometheus that has settled, as a running one
     * has.
     */
    async settled() {
      const compactions = async () =>
        Number(
          /^prometheus_tsdb_compactions_total (\S+)$/m.exec(
            await (await fetch(`${baseUrl}/metrics`)).text(),
          )?.[1] ?? 0,
        );
      const wait = (ms: number) => new Promise(r => setTimeout(r, ms));
      await wait(Math.max(0, startedAt + 70_000 - Date.now()));
      for (let last = -1, n = await compactions(); n !== last; ) {
        await wait(10_000);
        [last, n] = [n, await compactions()];
      }
    },
    async stop({ keep = Boolean(options.dir) } = {}) {
      await server.stop();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
