// Integration: golden paths are compliant by construction. Every golden path
// runs for real, with every parameter set of templates/matrix.yaml, through
// the dev back end's scaffolder: it publishes with ai-refarch:publish:local
// (the publish step a development portal takes, whatever Git host is picked)
// and registers its catalog-info.yaml in the running catalog; its TechDocs
// build with MkDocs. Each published
// repository is read by the scorecard's repository collector (the dev-only
// file URL reader), and each generated Kubernetes manifest is served by the
// loopback Kubernetes API server the live-evidence tests use, as if applied.
// The API server places the workloads' pods on GPU nodes as kube-scheduler
// would (the test kit's scheduler.ts). Debian's Prometheus then serves three
// days of healthy history for the pods as placed, in each runtime's own
// metric names and buckets (packages/test-kit/src/history/servingHistory.ts), and loads the
// SLO rules the templates wrote. Loopback Phoenix, Langfuse and LangSmith
// APIs (packages/test-kit/src/demo/traceBackends.ts) hold a day of traces under the
// project each workload's exporter environment names. Every rule that evidence decides for a
// generated service, model or cluster must pass, and every entity's
// coverage must reach the threshold.
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
import { parse, parseAllDocuments, stringify } from 'yaml';
import { spawnSync } from 'node:child_process';
// The test kit is TypeScript, loaded through Backstage's node transform
// (package.json runs this file with it); its exports come as one object.
import { Entity } from '@backstage/catalog-model';
import { EntityScorecard } from '@ai-refarch/plugin-ai-scorecard-common';
import { parseSlos } from '@ai-refarch/plugin-ai-ops-common';
import {
  FakeApiServer,
  freePort,
  generateServingHistory,
  hourlyFaithfulness,
  Manifest,
  ModelCaller,
  Node,
  PodSpec,
  ServingTarget,
  startBackend,
  startFakeApiServer,
  startFakeMlflow,
  startFakeTraceBackends,
  startPrometheus,
  startTestSigstore,
  templateMatrix,
  TestBackend,
  TestPrometheus,
  TestSigstore,
  TraceBackend,
  tracedProjects,
  waitFor,
} from '@internal/test-kit';

/** The SLOs an entity declares, as the SLO back end reads them. */
const parseSlosOf = (entity: { spec?: unknown }) => parseSlos(entity).slos;

const isTraceBackend = (value: unknown): value is TraceBackend =>
  value === 'phoenix' || value === 'langfuse' || value === 'langsmith';

const runs = Object.entries(templateMatrix()).flatMap(([template, entries]) =>
  entries.map(entry => ({ template, ...entry })),
);

const DIGEST = (hex: string) => `sha256:${hex.repeat(64)}`;

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
    ['on-demand', 'spot'].map(
      (capacity): Node => ({
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
      }),
    ),
  ),
);
// The general-purpose pool where pods that request no GPU run (the RAG
// retrievers, the registered AI service).
const CPU_NODES = ['us-east-1a', 'us-east-1b'].map(
  (zone): Node => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `general-${zone}`,
      labels: {
        'topology.kubernetes.io/zone': zone,
        'kubernetes.io/os': 'linux',
      },
    },
    status: {
      allocatable: { cpu: '31', memory: '120Gi' },
      capacity: { cpu: '32', memory: '128Gi' },
    },
  }),
);

/** A Deployment and the Service of its name, selecting its pods. */
function deploymentAndService({
  name,
  namespace,
  labels,
  podSpec,
  replicas,
}: {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  podSpec: PodSpec & { containers: object[] };
  replicas: number;
}): Manifest[] {
  const selector = { 'app.kubernetes.io/name': name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: {
        replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: {
            labels: {
              ...selector,
              'backstage.io/kubernetes-id': name,
              ...labels,
            },
          },
          spec: podSpec,
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace },
      spec: { selector, ports: [{ name: 'http', port: 80 }] },
    },
  ];
}

let backend: TestBackend | undefined;
let cluster: FakeApiServer;
let sigstore: TestSigstore | undefined;
let mlflow: Awaited<ReturnType<typeof startFakeMlflow>> | undefined;
let traces: Awaited<ReturnType<typeof startFakeTraceBackends>> | undefined;
let prometheus: TestPrometheus | undefined;
let promPort: number;
let dir: string;
let token: string;
/** What the templates registered, in the order they ran. */
const generated: { entity: GeneratedEntity; ref: string }[] = [];

/** A catalog entity as generated or served: JSON read by the checks. */
type GeneratedEntity = Entity & {
  metadata: {
    annotations: Record<string, string>;
    labels: Record<string, string>;
  };
  spec?: any;
  relations?: any[];
};

/** A call to the back end as the guest; the answer's JSON (or text). */
async function call(path: string, init: RequestInit = {}): Promise<any> {
  if (!backend) throw new Error('the back end did not start');
  const { status, text } = await backend.request(path, token, init);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status, body };
}

/** Every YAML document in a directory tree, as objects. */
function manifestsIn(root: string): Manifest[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter(f => /\.ya?ml$/.test(f))
    .flatMap(f =>
      parseAllDocuments(readFileSync(join(root, f), 'utf8')).map(d => d.toJS()),
    )
    .filter(m => m && typeof m === 'object' && m.kind);
}

/**
 * The repository's TechDocs build with Debian's MkDocs in strict mode, so a
 * nav entry without its page or a broken link fails. TechDocs runs the same
 * `mkdocs build` with Backstage's techdocs-core plugin (Material theme and
 * Markdown extensions), which Debian does not package: the check builds
 * without it.
 */
function buildTechDocs(repository: string) {
  const config = parse(readFileSync(join(repository, 'mkdocs.yml'), 'utf8'));
  assert.deepEqual(config.plugins, ['techdocs-core']);
  const out = mkdtempSync(join(tmpdir(), 'techdocs-'));
  try {
    writeFileSync(
      join(out, 'mkdocs.yml'),
      stringify({ ...config, plugins: [], docs_dir: join(repository, 'docs') }),
    );
    const build = spawnSync(
      'mkdocs',
      [
        'build',
        '--strict',
        '-f',
        join(out, 'mkdocs.yml'),
        '-d',
        join(out, 'site'),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(build.status, 0, `mkdocs build: ${build.stderr}`);
    assert.ok(existsSync(join(out, 'site', 'runbook', 'index.html')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Runs a template through the scaffolder's task API; fails with the task's log. */
async function runTask(
  template: string,
  values: Record<string, any>,
): Promise<Record<string, any>> {
  const created = await call('/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({
      templateRef: `template:default/${template}`,
      values,
    }),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const task = await waitFor(
    async () => {
      const t = (await call(`/api/scaffolder/v2/tasks/${created.body.id}`))
        .body;
      return (t.status === 'completed' || t.status === 'failed') && t;
    },
    { timeoutMs: 120_000, intervalMs: 500, what: `the ${template} task` },
  );
  if (task.status !== 'completed') {
    const events = (
      await call(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
    ).body;
    const log = (events as { type: string; body: { message: string } }[])
      .filter(e => e.type === 'log')
      .map(e => e.body.message)
      .join('\n');
    assert.fail(
      `${template} (${values.name ?? values.service}) failed:\n${log.slice(
        -3000,
      )}`,
    );
  }
  // The template's output, as the task page shows it.
  const events = (
    await call(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
  ).body as { type: string; body: { output?: Record<string, any> } }[];
  return events.find(e => e.type === 'completion')?.body.output ?? {};
}

async function runTemplate({
  template,
  values,
}: {
  template: string;
  values: Record<string, any>;
}): Promise<GeneratedEntity[]> {
  await runTask(template, values);
  const repository = join(dir, values.name);
  buildTechDocs(repository);
  const entities: GeneratedEntity[] = parseAllDocuments(
    readFileSync(join(repository, 'catalog-info.yaml'), 'utf8'),
  )
    .map(d => d.toJS())
    .filter(e => e?.kind && e.kind !== 'Location');
  // The team registered the new model's version in MLflow, with the
  // weights' digest and its training run.
  for (const model of entities.filter(
    e => e.kind === 'AIModel' && e.spec.registry?.type === 'mlflow',
  )) {
    mlflow?.register(model);
  }
  // The team signs the weights and commits the Sigstore bundle where the
  // model's spec.artifact.signature points (as model_signing writes it).
  for (const model of entities.filter(e => e.kind === 'AIModel')) {
    const { signature, digest } = model.spec.artifact ?? {};
    if (signature && !/^[a-z][a-z0-9+.-]*:/i.test(signature)) {
      writeFileSync(
        join(repository, signature),
        JSON.stringify(
          await sigstore!.sign(digest.replace(/^sha256:/, ''), {
            name: model.metadata.name,
          }),
        ),
      );
    }
  }
  // Apply the manifests, in the namespace the catalog entity names.
  const namespace =
    entities.find(
      e => e.metadata.annotations?.['backstage.io/kubernetes-namespace'],
    )?.metadata.annotations?.['backstage.io/kubernetes-namespace'] ?? 'default';
  const manifests = manifestsIn(join(repository, 'kubernetes'));
  cluster.add(
    manifests.map(m => ({
      ...m,
      metadata: { namespace, ...m.metadata },
    })),
  );
  // A registered service's own workload, which its template does not write:
  // the team runs it where the catalog entry says, behind a Service of the
  // workload's name that a ServiceMonitor scrapes (its README says so).
  if (!manifests.length) {
    for (const e of entities) {
      const a = e.metadata.annotations ?? {};
      if (!a['backstage.io/kubernetes-namespace']) continue;
      cluster.add(
        deploymentAndService({
          name: a['backstage.io/kubernetes-id'],
          namespace: a['backstage.io/kubernetes-namespace'],
          labels: e.metadata.labels,
          replicas: 2,
          podSpec: { containers: [{ name: 'app', image: 'app' }] },
        }),
      );
    }
  }
  // The workloads ran for a day and exported their traces where their
  // environment sends them: under the project the manifests name, which
  // must be the one the scorecard reads for the service.
  for (const entity of entities) {
    const tracing = entity.metadata.annotations?.['ai-refarch.io/tracing'];
    if (!isTraceBackend(tracing)) continue;
    // A registered service's own code sends them to the project its README
    // names: the service's name.
    const projects = manifests.length
      ? tracedProjects(manifests).map(exported => exported[tracing])
      : [entity.metadata.name];
    for (const project of projects.filter((p): p is string => Boolean(p))) {
      traces?.record(tracing, project, {
        traces: 480,
        errorTraces: 2,
        costUsd: 1.2,
        scores: [{ name: 'hallucination', mean: 0.02, count: 60 }],
        // An online evaluator scored a week of them for faithfulness.
        hourly: { faithfulness: hourlyFaithfulness(new Date()) },
      });
    }
  }
  return entities;
}

/**
 * The tokens of one call to a model of each type: a query's embedding, the
 * re-ranking of the retrieved passages, a chat turn.
 */
const CALL_TOKENS: Record<
  string,
  { operation: string; input: number; output: number }
> = {
  embedding: { operation: 'embeddings', input: 40, output: 0 },
  reranker: { operation: 'rerank', input: 1000, output: 0 },
  chat: { operation: 'chat', input: 1200, output: 300 },
};

/**
 * The calls each generated service makes to the models it depends on, and
 * the platform's servers of those models (the example catalog's embedding
 * and re-ranking services, with their pods where the catalog puts them, on
 * GPUs as the model's spec.resources asks), so that the services' shares of
 * the servers' GPUs can be worked out.
 */
async function modelCalls(entities: GeneratedEntity[]) {
  const servers = new Map<string, { server: any; model: any }>();
  const callers: ModelCaller[] = [];
  const byRef = async (ref: string) =>
    (
      await call(
        `/api/catalog/entities/by-name/${ref.replace(':', '/').toLowerCase()}`,
      )
    ).body;
  for (const e of entities) {
    const a = e.metadata.annotations ?? {};
    if (a['ai-refarch.io/runtime'] || !a['backstage.io/kubernetes-id'])
      continue;
    const service = cluster
      .objects('Service')
      .find(
        x =>
          x.metadata.name === a['backstage.io/kubernetes-id'] &&
          (!a['backstage.io/kubernetes-namespace'] ||
            x.metadata.namespace === a['backstage.io/kubernetes-namespace']),
      );
    const refs = ((e.spec?.dependsOn ?? []) as string[]).filter(r =>
      /^aimodel:/i.test(r),
    );
    // A scheduled job calls its models without a Service to scrape.
    if (!service || !refs.length) continue;
    const made: ModelCaller['calls'] = [];
    for (const ref of refs) {
      const model = await byRef(ref);
      made.push({
        model: model.metadata.name,
        ...(CALL_TOKENS[model.spec.type] ?? CALL_TOKENS.chat),
      });
      for (const r of model.relations ?? []) {
        if (r.type !== 'servedBy' || servers.has(r.targetRef)) continue;
        const server = await byRef(r.targetRef);
        const sa = server.metadata.annotations ?? {};
        if (
          !sa['ai-refarch.io/runtime'] ||
          !sa['backstage.io/kubernetes-namespace']
        )
          continue;
        servers.set(r.targetRef, { server, model });
      }
    }
    callers.push({
      namespace: service.metadata.namespace ?? 'default',
      service: service.metadata.name,
      calls: made,
    });
  }
  // Deployed as the catalog describes them, and scraped as vLLM's servers.
  const scraped: ServingTarget[] = [];
  for (const { server, model } of servers.values()) {
    const sa = server.metadata.annotations;
    const r = model.spec.resources ?? {};
    const s = {
      namespace: sa['backstage.io/kubernetes-namespace'],
      service: sa['backstage.io/kubernetes-id'],
      runtime: sa['ai-refarch.io/runtime'],
      model: model.metadata.name,
      // Embedding and re-ranking generate no tokens.
      outputTokens: ['embedding', 'reranker'].includes(model.spec.type)
        ? 0
        : undefined,
    };
    cluster.add(
      deploymentAndService({
        name: s.service,
        namespace: s.namespace,
        labels: server.metadata.labels,
        replicas: r.replicas ?? 1,
        podSpec: {
          nodeSelector: {
            'ai-refarch.io/gpu-type': r.accelerator,
            'ai-refarch.io/capacity': 'on-demand',
          },
          tolerations: [
            { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
          ],
          containers: [
            {
              name: 'server',
              image: s.runtime,
              resources: {
                limits: { 'nvidia.com/gpu': String(r.count ?? 1) },
              },
            },
          ],
        },
      }),
    );
    scraped.push(s);
  }
  return { callers, servers: scraped };
}

describe(
  'golden paths pass every rule that evidence decides',
  { timeout: 1_800_000 },
  () => {
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'golden-paths-'));
      cluster = await startFakeApiServer({
        token: 'golden-paths',
        manifests: [...GPU_NODES, ...CPU_NODES],
        // The generated workloads' pods are placed on these nodes as
        // kube-scheduler would, so placement (zones, spot share) is graded.
        schedule: true,
      });
      // The models' signatures are verified against a private Sigstore
      // on loopback (the test kit's), the one identity trusted.
      sigstore = await startTestSigstore();
      mlflow = await startFakeMlflow();
      traces = await startFakeTraceBackends();
      const trustedRoot = join(dir, 'trusted-root.json');
      writeFileSync(trustedRoot, JSON.stringify(sigstore.trustedRoot));
      // Prometheus starts once every template has run and its pods are
      // placed; the back end knows where it will listen.
      promPort = await freePort();
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
              guard: `python:3.12-slim@${DIGEST('5')}`,
            },
          },
          aiOps: {
            prometheus: {
              default: 'golden-paths',
              sources: {
                'golden-paths': {
                  baseUrl: `http://127.0.0.1:${promPort}`,
                  title: 'Golden-path test Prometheus (generated history)',
                },
              },
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
            registries: { mlflow: { 'golden-paths': { baseUrl: mlflow.url } } },
            tracing: traces.config,
            sigstore: {
              trustedRoot,
              identities: [{ subjectAlternativeName: sigstore.identity }],
            },
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
        ...runs.map(r => `template/default/${r.template}`),
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
      await prometheus?.stop();
      await cluster?.close();
      sigstore?.close();
      mlflow?.close();
      await traces?.close();
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
          generated.push({ entity, ref });
        }
      });
    }

    it("Prometheus loads the SLO rules the templates wrote, and they select the runtimes' series", async () => {
      // Before the pods are read: the servers of the models the services
      // call are deployed too.
      const calls = await modelCalls(generated.map(g => g.entity));
      const pods = cluster.objects('Pod');
      const serving: ServingTarget[] = generated
        .map(g => g.entity)
        .filter(e => e.metadata.annotations?.['ai-refarch.io/runtime'])
        .map(e => ({
          namespace:
            e.metadata.annotations['backstage.io/kubernetes-namespace'],
          // The Service the ServiceMonitor scrapes is named as the workload.
          service: e.metadata.annotations['backstage.io/kubernetes-id'],
          runtime: e.metadata.annotations[
            'ai-refarch.io/runtime'
          ] as ServingTarget['runtime'],
          model: e.metadata.labels['ai-refarch.io/model'],
        }));
      // The RAG ingestion jobs, as if each ran hourly and pushed its time.
      const pipelines = generated
        .map(g => g.entity)
        .filter(e => e.metadata.annotations?.['ai-refarch.io/schedule'])
        .map(e => ({
          job: e.metadata.annotations['backstage.io/kubernetes-id'],
          everySeconds: 3600,
        }));
      // The generated servers, and the example ones the services call.
      const servers = [...serving, ...calls.servers];
      const history = generateServingHistory({
        end: Math.floor(Date.now() / 1000),
        nodes: cluster.objects('Node'),
        pods,
        services: cluster.objects('Service'),
        serving: servers,
        callers: calls.callers,
        pipelines,
      });
      // Every model server has pods that Prometheus scrapes.
      for (const s of servers) {
        assert.ok(
          history.pods.some(p => p.service === s.service),
          `no running pod behind Service ${s.namespace}/${s.service}`,
        );
      }
      const groups = cluster
        .objects('PrometheusRule')
        .flatMap(r => r.spec.groups);
      assert.ok(groups.length >= serving.length * 2, 'SLO rule groups');
      prometheus = await startPrometheus({
        openmetrics: history.text,
        port: promPort,
        rules: { groups },
        evaluationInterval: '10s',
      });
      // Each recording rule evaluates, and over the last hour each SLI has a
      // value: the rules select series the runtimes really export.
      const query = async (q: string) => {
        if (!prometheus) throw new Error('Prometheus did not start');
        const res = await fetch(
          `${prometheus.baseUrl}/api/v1/query?query=${encodeURIComponent(q)}`,
        );
        return (await res.json()).data.result;
      };
      await waitFor(
        async () => {
          const res = await fetch(`${prometheus?.baseUrl}/api/v1/rules`);
          const loaded: {
            lastEvaluation: string;
            rules: { health: string }[];
          }[] = (await res.json()).data.groups;
          return (
            loaded.length === groups.length &&
            loaded.every(
              g =>
                g.lastEvaluation > '1970' &&
                g.rules.every(r => r.health === 'ok'),
            )
          );
        },
        {
          timeoutMs: 60_000,
          intervalMs: 1000,
          what: 'the SLO rules evaluated',
        },
      );
      for (const s of serving) {
        for (const slo of ['availability', 'ttft-p95']) {
          const result = await query(
            `slo:sli_error:ratio_rate1h{service="${s.service}",slo="${slo}"}`,
          );
          assert.equal(
            result.length,
            1,
            `${s.service} (${s.runtime}): the ${slo} SLI selects no series`,
          );
          assert.ok(
            Number(result[0].value[1]) < 0.05,
            `${s.service}: ${slo} error ratio ${result[0].value[1]}`,
          );
        }
        // Healthy: nothing pages or opens a ticket.
        const firing = await query(
          `ALERTS{service="${s.service}",alertstate="firing"}`,
        );
        assert.deepEqual(firing, [], `${s.service}: alerts fire`);
      }
    });

    it('grades every generated entity A, on live evidence', async t => {
      assert.ok(prometheus, 'Prometheus was started by the test before');
      for (const { entity, ref } of generated) {
        await t.test(ref, async () => {
          const { status, body } = await call(
            `/api/ai-scorecard/scorecards/${ref}/refresh`,
            { method: 'POST' },
          );
          assert.equal(status, 200, JSON.stringify(body));
          const card: EntityScorecard = body.scorecard;
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
          // With the cluster and Prometheus serving, what is still unknown
          // is named with its reason; the grade is an A at full enough
          // coverage, never an A from a quarter of the rules.
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
          const why = `${ref}: ${card.grade} (${card.score}, coverage ${
            card.coverage
          } %); unknown:\n  ${unknownFacts
            .map(f => `${f}: ${card.facts[f]?.reason}`)
            .join('\n  ')}`;
          assert.ok((card.coverage ?? 0) >= 75, why);
          // A budgeted service that serves no model pays a share of the
          // self-hosted models it calls (the RAG services: the example
          // catalog's embedding and re-ranking services) or their prices
          // (the AI service's hosted model), by the tokens of its calls.
          assert.equal(card.grade, 'A', why);
          // The budget it is graded on is a spend that was found, not $0.
          if (card.facts['prometheus.budget']) {
            const { body: cost } = await call(`/api/ai-ops/cost/${ref}`);
            assert.equal(cost.status, 'ok', JSON.stringify(cost));
            assert.ok(
              cost.cost.budget.monthToDate > 0,
              `${ref}: ${JSON.stringify(cost.cost.budget)}`,
            );
            if (!entity.metadata.annotations['ai-refarch.io/runtime']) {
              const paid = [
                ...(cost.cost.hosted?.byModel ?? []),
                ...(cost.cost.attributed?.byModel ?? []),
              ]
                .filter(m => m.cost > 0)
                .map(m => m.entityRef);
              assert.deepEqual(
                paid.sort(),
                (entity.spec.dependsOn as string[])
                  .filter(r => /^aimodel:/.test(r))
                  .sort(),
                `${ref}: the models whose calls it pays for`,
              );
            }
          }
          // A RAG service keeps an online
          // quality SLO, computed from its faithfulness evaluations there: a
          // week of hours with a six-hour dip below the threshold.
          const online = parseSlosOf(entity).find(
            s => s.name === 'faithfulness-online',
          );
          if (online) {
            const { body: slo } = await call(`/api/ai-ops/slo/${ref}`);
            const report = slo.slos?.find(
              (r: { name: string }) => r.name === 'faithfulness-online',
            );
            assert.ok(report, `${ref}: ${JSON.stringify(slo.problems)}`);
            // The week's whole hours and the current one, each its hour's
            // mean; good where it meets the service's own threshold.
            const now = Date.now();
            const from =
              Math.floor((now - 7 * 86_400_000) / 3_600_000 + 1) * 3_600_000;
            const good = hourlyFaithfulness(new Date(now)).filter(
              h =>
                h.hour.getTime() >= from &&
                h.hour.getTime() <= now &&
                h.mean >= online.objectives[0].value!,
            ).length;
            assert.deepEqual(
              [report.total, report.good, report.scores?.project],
              [168, good, entity.metadata.name],
              `${ref}: ${JSON.stringify(report)}`,
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
              // The traces are read where the golden path sends them.
              ...(entity.metadata.annotations['ai-refarch.io/tracing'] ===
              'opentelemetry'
                ? []
                : ['tracing.traces']),
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
              // The guard in front of the server, read from its manifests.
              'security-compliance.serving-guard',
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
          // A cluster's GPU ceiling and spot share are added up from the
          // node pools and Karpenter NodePools it was generated with.
          if (entity.spec?.type === 'kubernetes-cluster') {
            assert.equal(
              card.results.find(
                r => r.ruleId === 'gpu-cluster-topology.capacity-mix-declared',
              )?.status,
              'pass',
              `${ref}: capacity-mix-declared (${card.facts['repo.capacity']?.reason})`,
            );
          }
          // A new self-hosted model's signature is verified, not assumed:
          // the bundle committed beside it names its digest.
          if (entity.kind === 'AIModel') {
            assert.equal(
              card.results.find(
                r => r.ruleId === 'security-compliance.artifact-signed',
              )?.status,
              'pass',
              `${ref}: artifact-signed`,
            );
            assert.match(
              card.facts['sigstore.artifact']?.source ?? '',
              /^sigstore:file:.*\/model\.sigstore\.json$/,
              `${ref}: the bundle was not read`,
            );
            // Its digest and training data were checked against MLflow.
            assert.equal(
              card.facts['registry.mlflow']?.reason,
              undefined,
              `${ref}: registry.mlflow unknown`,
            );
            for (const rule of [
              'security-compliance.artifact-digest',
              'mlops-platform.training-data-lineage',
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
              unknownFacts.length
                ? ` (${unknownFacts
                    .map(f => `${f}: ${card.facts[f]?.reason}`)
                    .join('; ')})`
                : ''
            }`,
          );
        });
      }
    });

    it('rolls a served model back as a deploy operation: the change pins the previous version and its digest, and once applied the drift view shows it', async () => {
      // The production service serving a new model the golden path
      // registered, with its version to roll back to and that version's
      // weights (templates/matrix.yaml).
      const served = generated.find(
        g =>
          g.entity.kind === 'Component' &&
          g.entity.spec?.lifecycle === 'production' &&
          g.entity.metadata.annotations?.['ai-refarch.io/serves-models'] &&
          generated.some(
            m =>
              m.entity.kind === 'AIModel' &&
              m.entity.spec.rollbackArtifact &&
              g.entity.metadata.annotations['ai-refarch.io/serves-models'] ===
                `aimodel:default/${m.entity.metadata.name}`,
          ),
      );
      assert.ok(served, 'no generated service serves a rollback-ready model');
      const model = generated.find(
        m =>
          `aimodel:default/${m.entity.metadata.name}` ===
          served.entity.metadata.annotations['ai-refarch.io/serves-models'],
      )!.entity;
      const { rollbackVersion, rollbackArtifact } = model.spec;
      const name = served.entity.metadata.name;
      const namespace =
        served.entity.metadata.annotations['backstage.io/kubernetes-namespace'];

      const output = await runTask('model-rollback', {
        service: `component:default/${name}`,
        reason: 'Version 4 drafts answers in the wrong language (INC-2113).',
      });
      // In the dev portal the change is proposed beside the repository, which
      // stays as it was until the change is applied.
      const change = join(
        dir,
        '.changes',
        name,
        'rollback',
        `${model.metadata.name}-${rollbackVersion}`,
      );
      assert.equal(
        output.links.find((l: { title: string }) => l.title === 'The change')
          ?.url,
        `file://${change}`,
      );
      const changed = manifestsIn(join(change, 'kubernetes'));
      const [workload] = changed.filter(m =>
        ['Deployment', 'InferenceService'].includes(m.kind),
      );
      const podAnnotations =
        workload.kind === 'Deployment'
          ? workload.spec.template.metadata.annotations
          : workload.spec.predictor.annotations;
      assert.deepEqual(podAnnotations, {
        'ai-refarch.io/model-version': rollbackVersion,
        'ai-refarch.io/model-digest': rollbackArtifact.digest,
      });
      const original = manifestsIn(join(dir, name, 'kubernetes')).find(
        m => m.kind === workload.kind,
      )!;
      assert.equal(
        (workload.kind === 'Deployment'
          ? original.spec.template.metadata.annotations
          : original.spec.predictor.annotations)['ai-refarch.io/model-version'],
        model.spec.version,
        'the repository itself is left as it was',
      );
      assert.ok(
        readFileSync(join(change, 'CHANGE.md'), 'utf8').includes(
          '> Version 4 drafts answers in the wrong language',
        ),
        'the reason is quoted in the change',
      );

      // Applied (as Argo CD or kubectl apply would): the running version
      // goes back, and the drift view says it is the rollback version.
      cluster.add(
        changed.map(m => ({ ...m, metadata: { namespace, ...m.metadata } })),
      );
      const { body } = await call(
        `/api/ai-scorecard/scorecards/${served.ref}/refresh`,
        { method: 'POST' },
      );
      const card: EntityScorecard = body.scorecard;
      const result = card.results.find(
        r => r.ruleId === 'on-call-incidents.runs-declared-version',
      );
      assert.equal(result?.status, 'fail');
      // What the drift table of the Scorecard tab shows.
      const drift = result!.evidence[0].actual as any[];
      assert.deepEqual(
        drift.map((d: any) => [d.field, d.declared, d.observed, d.note]),
        [
          [
            'model version',
            model.spec.version,
            rollbackVersion,
            'the rollback version (spec.rollbackVersion)',
          ],
          [
            'weights digest',
            model.spec.artifact.digest,
            rollbackArtifact.digest,
            'the weights of the rollback version (spec.rollbackVersion)',
          ],
        ],
      );
    });

    it('refuses file locations outside the publish directory and the configured catalog, before reading them', async () => {
      // The dry run that "Register existing component" makes first: it
      // answered with what it read ("must have required property
      // 'apiVersion'" for /etc/shadow, "does not exist" for a missing file).
      // A location registered without one fails the same check when it is
      // processed, before anything is read.
      for (const target of ['/etc/shadow', '/nonexistent/catalog-info.yaml']) {
        const { status, body } = await call(
          '/api/catalog/locations?dryRun=true',
          {
            method: 'POST',
            body: JSON.stringify({ type: 'file', target }),
          },
        );
        const text = JSON.stringify(body);
        assert.ok(
          status >= 400 && status < 500,
          `${target}: ${status} ${text}`,
        );
        assert.match(text, /file locations are allowed only under /, text);
        // Nothing of the file, or of whether it exists, comes back.
        assert.doesNotMatch(text, /apiVersion|does not exist|root:/);
      }
    });

    it('answers the scorecard through MCP (backend.actions.pluginSources lists ai-scorecard)', async () => {
      const mcp = async (method: string, params: object) => {
        const res = await fetch(`${backend?.baseUrl}/api/mcp-actions/v1`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            Accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
        });
        assert.equal(res.status, 200);
        // The streamable HTTP transport answers one server-sent event.
        const text = await res.text();
        const data = text
          .split('\n')
          .find(l => l.startsWith('data: '))
          ?.slice(6);
        return JSON.parse(data ?? text).result;
      };
      const tools = (
        (await mcp('tools/list', {})).tools as { name: string }[]
      ).map(t => t.name);
      assert.ok(
        tools.includes('ai-scorecard.get-entity-scorecard') &&
          tools.includes('ai-scorecard.list-entities-failing-rule'),
        tools.join(', '),
      );
      const served = generated.find(
        g => g.entity.metadata.annotations?.['ai-refarch.io/serves-models'],
      );
      const called = await mcp('tools/call', {
        name: 'ai-scorecard.get-entity-scorecard',
        arguments: {
          entityRef: `component:default/${served?.entity.metadata.name}`,
        },
      });
      assert.notEqual(called.isError, true, JSON.stringify(called));
      const card =
        called.structuredContent ?? JSON.parse(called.content[0].text);
      assert.equal(card.grade, 'A');
      assert.equal(card.coverage, 100);
    });
  },
);
