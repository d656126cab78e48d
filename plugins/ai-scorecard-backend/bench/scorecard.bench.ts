/*
 * npm run bench:scorecard (scripts/bench-scorecard.ts runs this file once
 * per size and database).
 *
 * Grades BENCH_SIZES generated entities (Components and AIModels with their
 * facts present: the entity, its evaluations and repository and Prometheus
 * facts), paged from a catalog as the catalog API delivers them, against the
 * full reference rule set with this plugin's GradingService and
 * ScorecardStore on BENCH_DB (sqlite-memory, sqlite-file or postgres at
 * BENCH_PG); then serves the results through the plugin's own router and
 * times the overview (one page of 50, worst or best first, with and without
 * filters) and single-entity endpoints.
 * Prints time, entities per second, peak RSS of this process and p50/p95
 * latencies; the HTTP client runs in its own process (bench/load.mjs).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Facts } from '@ai-refarch/plugin-ai-scorecard-common';
import { FactCollector } from '@ai-refarch/plugin-ai-scorecard-node';
import { CatalogFactCollector } from '../src/collectors/CatalogFactCollector';
import { ScorecardStore } from '../src/database/ScorecardStore';
import { GradingService } from '../src/services/GradingService';
import { loadRuleSet } from '@ai-refarch/plugin-ai-scorecard-node';
import { createRouter } from '../src/router';
import { ReadableEntities } from '../src/services/ReadableEntities';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

const SIZES = (process.env.BENCH_SIZES ?? '10000').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);

let peakRss = 0;
const sampler = setInterval(() => {
  // rss() alone: memoryUsage() walks the heap spaces on every sample.
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 20);

function generate(count: number, from = 0): Entity[] {
  const entities: Entity[] = [];
  for (let i = from; i < count; i++) {
    const team = `team-${i % 40}`;
    const labels = {
      'ai-refarch.io/team': team,
      'ai-refarch.io/tenant': `tenant-${i % 12}`,
    };
    if (i % 2 === 0) {
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: `service-${i}`,
          namespace: 'default',
          labels: i % 5 ? labels : {},
          annotations: {
            'ai-refarch.io/serves-models': `aimodel:default/model-${i + 1}`,
            ...(i % 3 ? { 'ai-refarch.io/runbook': 'docs/runbook.md' } : {}),
            ...(i % 4
              ? { 'ai-refarch.io/slo-rules': 'kubernetes/slo.yaml' }
              : {}),
            'ai-refarch.io/tracing': i % 7 ? 'phoenix' : 'none',
          },
        },
        spec: {
          type: 'service',
          lifecycle: i % 3 ? 'production' : 'experimental',
          owner: `group:default/${team}`,
          system: `system:default/system-${i % 25}`,
        },
        relations: [{ type: 'ownedBy', targetRef: `group:default/${team}` }],
      });
    } else {
      entities.push({
        apiVersion: 'ai-refarch.io/v1alpha1',
        kind: 'AIModel',
        metadata: {
          name: `model-${i}`,
          namespace: 'default',
          labels: i % 6 ? labels : {},
        },
        spec: {
          type: 'llm',
          lifecycle: i % 4 ? 'production' : 'experimental',
          owner: `group:default/${team}`,
          system: `system:default/system-${i % 25}`,
          provider: 'self-hosted',
          version: '1',
          license: i % 9 ? 'apache-2.0' : undefined,
          parameters: 8_030_000_000,
          precision: 'bf16',
          dataClassification: i % 11 ? 'internal' : 'phi',
          serving: {
            runtime: i % 13 ? 'vllm' : 'ollama',
            engine: { enablePrefixCaching: i % 2 === 1, maxModelLen: 8192 },
          },
          registry:
            i % 5
              ? { type: 'mlflow', name: `model-${i}`, version: '3' }
              : undefined,
          artifact: {
            uri: `s3://models/model-${i}/`,
            digest: i % 3 ? `sha256:${'a'.repeat(64)}` : undefined,
          },
          resources: { accelerator: 'nvidia-l40s', count: 1 },
          evaluations: [
            {
              tool: 'ragas',
              dataset: 'golden',
              metric: 'faithfulness',
              value: 0.8 + (i % 10) / 100,
              threshold: 0.82,
            },
          ],
          tracing: i % 8 ? 'langfuse' : undefined,
          rollbackVersion: i % 4 ? '2' : undefined,
          risk: i % 3 ? 'limited' : undefined,
        },
      });
    }
  }
  return entities;
}

/** Repository and Prometheus facts, as the live collectors will supply them. */
class GeneratedFacts implements FactCollector {
  constructor(
    readonly id: string,
    private readonly make: (i: number) => Facts,
  ) {}
  async collect(entities: Entity[]) {
    return new Map(
      entities.map((e, i) => [stringifyEntityRef(e), this.make(i)]),
    );
  }
}

/**
 * The catalog, as the grading service sees it through the catalog API: pages
 * of entities generated as they are asked for (the real catalog is another
 * service; its entities do not live in the grading process).
 */
function generatedCatalog(count: number): CatalogService {
  return {
    async *streamEntities(request: { pageSize?: number } = {}) {
      const pageSize = request.pageSize ?? 500;
      for (let i = 0; i < count; i += pageSize) {
        yield generate(Math.min(count, i + pageSize), i);
      }
    },
    getEntityByRef: async (ref: string) => {
      const i = Number(/-(\d+)$/.exec(ref)?.[1]);
      return i < count ? generate(i + 1, i)[0] : undefined;
    },
  } as unknown as CatalogService;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function run(label: string, db: Knex, count: number) {
  await db.migrate.latest({ directory: `${__dirname}/../migrations` });
  const observedAt = new Date().toISOString();
  const collectors: FactCollector[] = [
    new CatalogFactCollector(),
    new GeneratedFacts('repo', i => ({
      'repo.kubernetes': {
        value: {
          zoneSpread: i % 4 !== 0,
          podDisruptionBudget: i % 3 !== 0,
          probes: true,
          gpuRequests: true,
          autoscaling: {
            bounded: i % 5 !== 0,
            queueMetric: 'vllm:num_requests_waiting',
          },
        },
        source: `repo:service-${i}`,
        observedAt,
      },
      'repo.ragConfig': {
        value: {
          reranker: { model: 'aimodel:default/bge' },
          evaluation: { faithfulness: 0.8 },
        },
        source: 'repo',
        observedAt,
      },
    })),
    new GeneratedFacts('prometheus', i => ({
      'prometheus.gpu': {
        value: { idleShare: (i % 10) / 20 },
        source: 'prometheus',
        observedAt,
      },
    })),
  ];
  const logger = {
    warn: () => {},
    info: () => {},
    error: () => {},
    debug: () => {},
    child: () => logger,
  } as any;
  const grading = (store: ScorecardStore, entities: number) =>
    new GradingService({
      ruleSet: loadRuleSet(new ConfigReader({})),
      collectors,
      catalog: generatedCatalog(entities),
      auth: {
        getOwnServiceCredentials: async () => ({
          $$type: '@backstage/BackstageCredentials',
          principal: { type: 'service', subject: 'bench' },
        }),
      } as any,
      store,
      logger,
    });

  // Warm-up (the JIT, the rule set's compiled paths): 400 entities into a
  // throw-away in-memory database, before the timed run.
  const warm = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  await warm.migrate.latest({ directory: `${__dirname}/../migrations` });
  await grading(new ScorecardStore(warm), 400).gradeAll();
  await warm.destroy();

  const store = new ScorecardStore(db);
  const service = grading(store, count);
  const started = performance.now();
  const { graded } = await service.gradeAll();
  const seconds = (performance.now() - started) / 1000;
  const gradingPeak = Math.max(peakRss, process.memoryUsage.rss());

  const app = express();
  app.use(
    createRouter({
      httpAuth: {
        credentials: async () => ({
          principal: { type: 'user', userEntityRef: 'user:default/bench' },
        }),
      } as any,
      permissions: {} as any,
      auditor: {} as any,
      store,
      grading: service,
      // A policy that allows every catalog read: the common case, which
      // asks nothing of the catalog.
      readable: new ReadableEntities({
        permissions: {
          authorizeConditional: async () => [{ result: AuthorizeResult.ALLOW }],
        } as any,
        catalog: generatedCatalog(count),
        kinds: service.kinds,
      }),
      discoveries: [],
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(r => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The client runs in its own process: its memory and CPU are not the
  // back end's (in one process, fetch's own buffers counted as ours).
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(__dirname, 'load.mjs'), base, String(count), String(REQUESTS)],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const { overview, single } = JSON.parse(stdout) as {
    overview: number[];
    single: number[];
  };
  server.close();
  console.log(
    `${label.padEnd(11)} ${String(graded).padStart(6)} ${seconds
      .toFixed(2)
      .padStart(7)} s ${Math.round(graded / seconds)
      .toString()
      .padStart(8)}/s   overview p50 ${percentile(overview, 50)
      .toFixed(1)
      .padStart(5)} p95 ${percentile(overview, 95)
      .toFixed(1)
      .padStart(5)} ms   entity p50 ${percentile(single, 50)
      .toFixed(1)
      .padStart(4)} p95 ${percentile(single, 95)
      .toFixed(1)
      .padStart(4)} ms   peak RSS ${Math.round(
      gradingPeak / 1024 ** 2,
    )} MB grading, ${Math.round(peakRss / 1024 ** 2)} MB in all`,
  );
}

/** The database of this run: BENCH_DB is sqlite-memory, sqlite-file or postgres. */
async function database(count: number): Promise<{ label: string; db: Knex }> {
  const kind = process.env.BENCH_DB ?? 'sqlite-memory';
  if (kind === 'postgres') {
    const url = process.env.BENCH_PG;
    if (!url) throw new Error('BENCH_DB=postgres needs BENCH_PG');
    const admin = knexFactory({ client: 'pg', connection: url });
    const dbName = `bench_${count}`;
    await admin.raw(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.raw(`CREATE DATABASE ${dbName}`);
    await admin.destroy();
    return {
      label: 'PostgreSQL',
      db: knexFactory({
        client: 'pg',
        connection: `${url.replace(/\/[^/]*$/, '')}/${dbName}`,
      }),
    };
  }
  const file =
    kind === 'sqlite-file'
      ? join(mkdtempSync(join(tmpdir(), 'scorecard-bench-')), 'bench.sqlite')
      : ':memory:';
  return {
    label: kind === 'sqlite-file' ? 'SQLite file' : 'SQLite mem',
    db: knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
    }),
  };
}

async function main() {
  // One size and database per process (scripts/bench-scorecard.ts runs
  // them all), so that each peak RSS belongs to one run.
  const [count] = SIZES;
  const { label, db } = await database(count);
  await run(label, db, count);
  await db.destroy();
  clearInterval(sampler);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
