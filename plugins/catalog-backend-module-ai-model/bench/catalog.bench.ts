/*
 * npm run bench:catalog
 *
 * Ingests generated AIModel entities through the real catalog backend (SQLite
 * in memory) with this module's processor, and prints entities per second and
 * the share of processing time spent in the processor.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { AIModelEntitiesProcessor } from '../src/processor/AIModelEntitiesProcessor';

const COUNT = Number(process.env.BENCH_ENTITIES ?? 10_000);
const PORT = Number(process.env.BENCH_PORT ?? 7088);

function generate(count: number): string {
  const docs: string[] = [
    JSON.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'ml-platform' },
      spec: { type: 'team', children: [] },
    }),
    JSON.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'model-serving' },
      spec: { owner: 'ml-platform' },
    }),
  ];
  const types = [
    'llm',
    'embedding',
    'reranker',
    'classifier',
    'vision',
    'speech',
  ];
  for (let i = 0; i < count; i++) {
    const derived = i % 10 === 9;
    docs.push(
      JSON.stringify({
        apiVersion: 'ai-refarch.io/v1alpha1',
        kind: 'AIModel',
        metadata: { name: `model-${i}`, description: `Generated model ${i}` },
        spec: {
          type: types[i % types.length],
          lifecycle: i % 3 ? 'production' : 'experimental',
          owner: 'group:ml-platform',
          system: 'model-serving',
          provider: 'self-hosted',
          version: String(1 + (i % 7)),
          parameters: 1_000_000 * (1 + i),
          contextWindow: 8192,
          precision: 'bf16',
          artifact: {
            uri: `s3://models/model-${i}/`,
            digest: `sha256:${i.toString(16).padStart(64, '0')}`,
          },
          serving: {
            runtime: 'vllm',
            engine: { enablePrefixCaching: true, maxModelLen: 8192 },
          },
          resources: { accelerator: 'nvidia-l4', count: 1, memoryGiB: 24 },
          evaluations: [
            {
              tool: 'ragas',
              dataset: 'golden',
              metric: 'faithfulness',
              value: 0.9,
              threshold: 0.85,
              date: '2026-11-01',
            },
          ],
          dataClassification: 'internal',
          ...(derived
            ? { baseModel: { ref: `model-${i - 1}`, relation: 'finetune' } }
            : {}),
        },
      }),
    );
  }
  // YAML is a superset of JSON, so one JSON document per YAML document.
  return docs.join('\n---\n');
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-catalog-'));
  const file = join(dir, 'models.yaml');
  writeFileSync(file, generate(COUNT));

  let processorMs = 0;
  let processorCalls = 0;
  const timed =
    <T>(fn: () => Promise<T>) =>
    async () => {
      const start = performance.now();
      try {
        return await fn();
      } finally {
        processorMs += performance.now() - start;
        processorCalls++;
      }
    };

  const benchModule = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'ai-model-bench',
    register(reg) {
      reg.registerInit({
        deps: { processing: catalogProcessingExtensionPoint },
        async init({ processing }) {
          // The module's processor, without the catalog look-up for base
          // models (the bench measures validation and relations).
          const inner = new AIModelEntitiesProcessor();
          processing.addProcessor({
            getProcessorName: () => inner.getProcessorName(),
            validateEntityKind: e => timed(() => inner.validateEntityKind(e))(),
            postProcessEntity: (e, l, emit) =>
              timed(() => inner.postProcessEntity(e, l, emit))(),
          });
        },
      });
    },
  });

  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () =>
        new ConfigReader({
          backend: {
            baseUrl: `http://localhost:${PORT}`,
            listen: { port: PORT, host: '127.0.0.1' },
            database: { client: 'better-sqlite3', connection: ':memory:' },
            auth: { dangerouslyDisableDefaultAuthPolicy: true },
          },
          catalog: {
            processingInterval: { seconds: 1 },
            rules: [{ allow: ['AIModel', 'Group', 'System', 'Location'] }],
            locations: [{ type: 'file', target: file }],
          },
        }),
    }),
  );
  backend.add(catalogPlugin);
  backend.add(benchModule);

  const started = performance.now();
  await backend.start();
  const url = `http://127.0.0.1:${PORT}/api/catalog/entities/by-query?filter=kind=aimodel&limit=1`;
  let total = 0;
  let firstPassDone = 0;
  while (total < COUNT) {
    await new Promise(r => setTimeout(r, 250));
    // The back end is busy processing; a dropped poll is retried.
    try {
      const res = await fetch(url);
      total = (await res.json()).totalItems ?? 0;
    } catch {
      continue;
    }
    if (!firstPassDone && total >= COUNT * 0.9)
      firstPassDone = performance.now();
  }
  const elapsedMs = performance.now() - started;
  await backend.stop();
  rmSync(dir, { recursive: true, force: true });

  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(
    `bench:catalog — ${COUNT} AIModel entities through the catalog backend (SQLite in memory)`,
  );
  console.log(
    `  all ingested in          ${(elapsedMs / 1000).toFixed(
      1,
    )} s (including back-end start-up)`,
  );
  console.log(
    `  entities per second      ${Math.round(COUNT / (elapsedMs / 1000))}`,
  );
  console.log(
    `  first 90% ingested at    ${((firstPassDone - started) / 1000).toFixed(
      1,
    )} s (derived models wait one pass for their base)`,
  );
  console.log(
    `  processor time           ${(processorMs / 1000).toFixed(
      2,
    )} s over ${processorCalls} calls (${(
      (processorMs * 1000) /
      processorCalls
    ).toFixed(0)} µs each)`,
  );
  console.log(
    `  processor share          ${((100 * processorMs) / elapsedMs).toFixed(
      1,
    )} % of wall time`,
  );
  console.log(`  resident memory at end   ${rss.toFixed(0)} MB`);
}

main().then(
  // The catalog's background tasks outlive backend.stop(); the figures are out.
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
