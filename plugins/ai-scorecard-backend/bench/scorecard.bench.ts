/*
 * npm run bench:scorecard
 *
 * Grades generated entities (1,000 and 10,000; Components and AIModels with
 * their facts present: the entity, its evaluations and eight repository and
 * Prometheus facts) against the full reference rule set with this plugin's
 * GradingService and ScorecardStore, on SQLite and, when BENCH_PG is set, on
 * PostgreSQL; then serves the results through the plugin's own router and
 * times the overview (one page of 50) and single-entity endpoints.
 * Prints time, entities per second, peak memory and p50/p95 latencies.
 */
import { AddressInfo } from 'node:net';
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
import { loadRuleSet } from '../src/services/rules';
import { createRouter } from '../src/router';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

function generate(count: number): Entity[] {
  const entities: Entity[] = [];
  for (let i = 0; i < count; i++) {
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

function inMemoryCatalog(entities: Entity[]): CatalogService {
  return {
    getEntities: async () => ({ items: entities }),
    getEntityByRef: async (ref: string) =>
      entities.find(e => stringifyEntityRef(e) === ref),
  } as unknown as CatalogService;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function time(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return performance.now() - started;
}

async function run(label: string, db: Knex, count: number) {
  await db.migrate.latest({ directory: `${__dirname}/../migrations` });
  const entities = generate(count);
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
  const store = new ScorecardStore(db);
  const logger = {
    warn: () => {},
    info: () => {},
    error: () => {},
    debug: () => {},
    child: () => logger,
  } as any;
  const grading = new GradingService({
    ruleSet: loadRuleSet(new ConfigReader({})),
    collectors,
    catalog: inMemoryCatalog(entities),
    auth: {
      getOwnServiceCredentials: async () => ({
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'service', subject: 'bench' },
      }),
    } as any,
    store,
    logger,
  });
  const started = performance.now();
  const { graded } = await grading.gradeAll();
  const seconds = (performance.now() - started) / 1000;

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
      grading,
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(r => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const overview: number[] = [];
  const single: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const page = 1 + (i % Math.max(1, Math.floor(count / 50)));
    const filter = [
      '',
      '&grade=F',
      '&chapter=security-compliance&grade=A',
      '&kind=aimodel',
      '&owner=group:default/team-3',
    ][i % 5];
    overview.push(
      await time(
        `${base}/overview?page=${page}&pageSize=50&sort=score&order=desc${filter}`,
      ),
    );
    const name =
      i % 2 ? `model-${(2 * i + 1) % count}` : `service-${(2 * i) % count}`;
    single.push(
      await time(
        `${base}/scorecards/${i % 2 ? 'aimodel' : 'component'}/default/${name}`,
      ),
    );
  }
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
      .padStart(4)} ms   peak RSS ${Math.round(peakRss / 1024 ** 2)} MB`,
  );
}

async function main() {
  console.log(
    `Scorecard: ${
      loadRuleSet(new ConfigReader({})).rules.length
    } rules, ${REQUESTS} requests per endpoint; targets 10,000 in <= 2 s (SQLite) / <= 4 s (PostgreSQL), overview p95 <= 30 ms, entity p95 <= 5 ms, peak <= 300 MB\n`,
  );
  for (const count of SIZES) {
    const sqlite = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    await run('SQLite', sqlite, count);
    await sqlite.destroy();
    if (process.env.BENCH_PG) {
      const pg = knexFactory({
        client: 'pg',
        connection: `${process.env.BENCH_PG}`,
      });
      const dbName = `bench_${count}`;
      await pg.raw(`DROP DATABASE IF EXISTS ${dbName}`);
      await pg.raw(`CREATE DATABASE ${dbName}`);
      await pg.destroy();
      const db = knexFactory({
        client: 'pg',
        connection: `${process.env.BENCH_PG.replace(/\/[^/]*$/, '')}/${dbName}`,
      });
      await run('PostgreSQL', db, count);
      await db.destroy();
    }
  }
  clearInterval(sampler);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
