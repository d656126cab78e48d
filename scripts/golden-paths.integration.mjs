// Integration: golden paths are compliant by construction. Every golden path
// runs for real, with every parameter set of templates/matrix.yaml, through
// the dev back end's scaffolder: it publishes with ai-refarch:publish:local
// and registers its catalog-info.yaml in the running catalog. Each published
// repository is read by the scorecard's repository collector (the dev-only
// file URL reader), and each generated Kubernetes manifest is served by the
// loopback Kubernetes API server the live-evidence tests use, as if applied.
// The API server places the workloads' pods on GPU nodes as kube-scheduler
// would (scripts/lib/scheduler.mjs). Then every rule that evidence decides
// for a generated service, model or cluster must pass, and only live
// evidence this test does not serve yet (Prometheus history) may be unknown.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot, startBackend } from './lib/backend.mjs';
import { startFakeApiServer } from './lib/kube-apiserver.mjs';
import { freePort, waitFor } from './lib/net.mjs';

const matrix = parse(
  readFileSync(join(repoRoot, 'templates/matrix.yaml'), 'utf8'),
);
const runs = Object.entries(matrix).flatMap(([template, entries]) =>
  entries.map(entry => ({ template, ...entry })),
);

const DIGEST = hex => `sha256:${hex.repeat(64)}`;
/** Live evidence that this test does not serve (see the grading assertions). */
const LIVE_FACTS_NOT_SERVED = [
  'prometheus.slo',
  'prometheus.metrics',
  'prometheus.gpu',
  'prometheus.budget',
];

/**
 * GPU nodes in two zones, on demand and spot, labelled and tainted as the
 * GPU cluster golden path's node pools are (ai-refarch.io/gpu-type,
 * ai-refarch.io/capacity, the nvidia.com/gpu NoSchedule taint), with room
 * for every generated model server.
 */
const GPU_NODES = [
  'nvidia-t4',
  'nvidia-l4',
  'nvidia-a10g',
  'nvidia-l40s',
  'nvidia-a100-80gb',
  'nvidia-h100-80gb',
].flatMap(gpuType =>
  ['us-east-1a', 'us-east-1b'].flatMap(zone =>
    ['on-demand', 'spot'].map(capacity => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `${gpuType}-${zone}-${capacity}`,
        labels: {
          'ai-refarch.io/gpu-type': gpuType,
          'ai-refarch.io/capacity': capacity,
          'topology.kubernetes.io/zone': zone,
          'kubernetes.io/os': 'linux',
        },
      },
      spec: {
        taints: [
          { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' },
        ],
      },
      status: {
        allocatable: { cpu: '94', memory: '1000Gi', 'nvidia.com/gpu': '8' },
        capacity: { cpu: '96', memory: '1024Gi', 'nvidia.com/gpu': '8' },
      },
    })),
  ),
);
let backend;
let cluster;
let dir;
let token;

async function call(path, init = {}) {
  const res = await fetch(`${backend.baseUrl}${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...init.headers,
    },
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

/** Every YAML document in a directory tree, as objects. */
function manifestsIn(root) {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .filter(f => /\.ya?ml$/.test(f))
    .flatMap(f =>
      parseAllDocuments(readFileSync(join(root, f), 'utf8')).map(d => d.toJS()),
    )
    .filter(m => m && typeof m === 'object' && m.kind);
}

async function runTemplate({ template, values }) {
  const created = await call('/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({
      templateRef: `template:default/${template}`,
      values,
    }),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  let task;
  await waitFor(
    async () => {
      task = (await call(`/api/scaffolder/v2/tasks/${created.body.id}`)).body;
      return task.status === 'completed' || task.status === 'failed';
    },
    { timeoutMs: 120_000, intervalMs: 500, what: `the ${template} task` },
  );
  if (task.status !== 'completed') {
    const events = (
      await call(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
    ).body;
    const log = events
      .filter(e => e.type === 'log')
      .map(e => e.body.message)
      .join('\n');
    assert.fail(`${template} (${values.name}) failed:\n${log.slice(-3000)}`);
  }
  const repository = join(dir, values.name);
  const entities = parseAllDocuments(
    readFileSync(join(repository, 'catalog-info.yaml'), 'utf8'),
  )
    .map(d => d.toJS())
    .filter(e => e?.kind && e.kind !== 'Location');
  // Apply the manifests, in the namespace the catalog entity names.
  const namespace =
    entities.find(
      e => e.metadata.annotations?.['backstage.io/kubernetes-namespace'],
    )?.metadata.annotations['backstage.io/kubernetes-namespace'] ?? 'default';
  cluster.add(
    manifestsIn(join(repository, 'kubernetes')).map(m => ({
      ...m,
      metadata: { namespace, ...m.metadata },
    })),
  );
  return entities;
}

describe(
  'golden paths pass every rule that evidence decides',
  { timeout: 1_800_000 },
  () => {
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'golden-paths-'));
      cluster = await startFakeApiServer({
        token: 'golden-paths',
        manifests: GPU_NODES,
        // The generated workloads' pods are placed on these nodes as
        // kube-scheduler would, so placement (zones, spot share) is graded.
        schedule: true,
      });
      const configFile = join(dir, 'app-config.golden-paths.json');
      const publish = join(dir, 'published');
      writeFileSync(
        configFile,
        JSON.stringify({
          aiRefarch: {
            localPublish: { directory: publish },
            // The platform's pinned serving images. The digests are test
            // inputs: nothing is pulled; the scorecard only reads the references.
            servingImages: {
              vllm: `vllm/vllm-openai:v0.8.5@${DIGEST('1')}`,
              tgi: `ghcr.io/huggingface/text-generation-inference:3.3.0@${DIGEST(
                '2',
              )}`,
              triton: `nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3@${DIGEST(
                '3',
              )}`,
              storageInitializer: `kserve/storage-initializer:v0.14.1@${DIGEST(
                '4',
              )}`,
            },
          },
          aiScorecard: {
            // grade on request only
            schedule: {
              frequency: { hours: 24 },
              timeout: { minutes: 5 },
              initialDelay: { hours: 1 },
            },
            catalogChanges: { enabled: false },
            kubernetes: {
              clusters: [
                {
                  name: 'golden-paths',
                  url: cluster.url,
                  serviceAccountToken: 'golden-paths',
                  caData: cluster.caData,
                },
              ],
              cacheTtl: { seconds: 0 },
            },
          },
        }),
      );
      dir = publish;
      backend = await startBackend({
        port: await freePort(),
        configs: ['app-config.yaml', configFile],
      });
      token = await backend.guestToken();
      // The templates and the example models they pick must be in the catalog.
      const needed = [
        ...Object.keys(matrix).map(t => `template/default/${t}`),
        'aimodel/default/llama-3-1-70b-instruct-awq',
        'aimodel/default/bge-m3',
      ];
      await waitFor(
        async () => {
          for (const ref of needed) {
            if (
              (await call(`/api/catalog/entities/by-name/${ref}`)).status !==
              200
            )
              return false;
          }
          return true;
        },
        {
          timeoutMs: 120_000,
          intervalMs: 1000,
          what: 'the templates and example models in the catalog',
        },
      );
    });

    after(async () => {
      await backend?.stop();
      await cluster?.close();
      if (dir) rmSync(join(dir, '..'), { recursive: true, force: true });
    });

    for (const run of runs) {
      it(`${run.template}: ${run.name}`, async () => {
        const entities = await runTemplate(run);
        for (const entity of entities) {
          const ref = `${entity.kind}/${
            entity.metadata.namespace ?? 'default'
          }/${entity.metadata.name}`.toLowerCase();
          await waitFor(
            async () =>
              (await call(`/api/catalog/entities/by-name/${ref}`)).status ===
              200,
            {
              timeoutMs: 60_000,
              intervalMs: 500,
              what: `${ref} in the catalog`,
            },
          );
          const { status, body } = await call(
            `/api/ai-scorecard/scorecards/${ref}/refresh`,
            { method: 'POST' },
          );
          assert.equal(status, 200, JSON.stringify(body));
          const card = body.scorecard;
          const failing = card.results
            .filter(r => r.status === 'fail')
            .map(
              r =>
                `${r.ruleId}: ${JSON.stringify(
                  r.evidence.map(e => [e.fact, e.path, e.actual]),
                )}`,
            );
          // Every rule that evidence decided passes.
          assert.deepEqual(failing, [], `${ref} fails rules`);
          // What evidence did not decide is live evidence that this test does
          // not serve yet: Prometheus (no traffic history for the new
          // services). Issue 14, item 5, is to serve it; until then such a
          // rule is unknown, earns nothing and lowers the coverage, and the
          // grade says so rather than an A.
          const unknownFacts = [
            ...new Set(
              card.results
                .filter(r => r.status === 'unknown')
                .flatMap(r =>
                  r.evidence
                    .filter(e => e.outcome === 'unknown')
                    .map(e => e.fact),
                ),
            ),
          ];
          assert.deepEqual(
            unknownFacts.filter(f => !LIVE_FACTS_NOT_SERVED.includes(f)),
            [],
            `${ref}: unknown evidence that the test does serve:\n  ${unknownFacts
              .map(f => `${f}: ${card.facts[f]?.reason}`)
              .join('\n  ')}`,
          );
          if (unknownFacts.length === 0) {
            assert.equal(card.coverage, 100);
            assert.equal(card.grade, 'A');
          } else {
            assert.ok(
              card.grade === 'Incomplete' || card.coverage >= 75,
              `${ref}: ${card.grade} at coverage ${card.coverage}`,
            );
          }
          // Chapter 5 grades every RAG service the golden path writes, on its
          // config/rag.yaml.
          if (entity.metadata.tags?.includes('rag')) {
            assert.equal(
              card.chapters.find(c => c.chapter === 'rag-infrastructure')
                ?.coverage,
              100,
              `${ref}: chapter 5 not graded in full`,
            );
          }
          // The repository and the cluster were read, not skipped: a model
          // server's live and repository facts, and where its pods run, are
          // known.
          const production = entity.spec?.lifecycle === 'production';
          if (entity.metadata.annotations?.['ai-refarch.io/serves-models']) {
            for (const fact of [
              'kubernetes.serving',
              'kubernetes.drift',
              'repo.kubernetes',
              // Placement is read for the rules of production services.
              ...(production ? ['kubernetes.placement'] : []),
            ]) {
              assert.ok(card.facts[fact], `${ref}: no ${fact} evidence`);
              assert.equal(
                card.facts[fact].reason,
                undefined,
                `${ref}: ${fact} unknown: ${card.facts[fact].reason}`,
              );
            }
            for (const rule of [
              'gpu-cluster-topology.live-autoscaling',
              'serving-runtime.live-disruption-budget',
              'serving-runtime.engine-args-match',
              'mlops-platform.deployed-as-declared',
              'security-compliance.images-pinned',
              ...(production
                ? [
                    'gpu-cluster-topology.live-zones',
                    'gpu-cluster-topology.spot-share',
                  ]
                : []),
            ]) {
              assert.equal(
                card.results.find(r => r.ruleId === rule)?.status,
                'pass',
                `${ref}: ${rule}`,
              );
            }
          }
          const counts = card.chapters.reduce(
            (c, ch) => ({
              pass: c.pass + ch.counts.pass,
              unknown: c.unknown + ch.counts.unknown,
            }),
            { pass: 0, unknown: 0 },
          );
          assert.ok(counts.pass > 0, `${ref}: no rule was scored`);
          console.log(
            `${ref}: grade ${card.grade} (${card.score}, coverage ${
              card.coverage
            } %), ${counts.pass} passed, ${counts.unknown} unknown${
              unknownFacts.length ? ` (${unknownFacts.join(', ')})` : ''
            }`,
          );
        }
      });
    }
  },
);
