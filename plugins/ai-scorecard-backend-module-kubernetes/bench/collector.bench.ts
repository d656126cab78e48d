/*
 * npm run bench:ai-ops (part three) — the live Kubernetes collector at scale.
 *
 * A loopback API server (@internal/test-kit: the List JSON of a
 * real API server, paged at the client's limit, over HTTPS) holds
 * BENCH_NODES nodes (2,000) and BENCH_DEPLOYMENTS vLLM Deployments (5,000, in
 * 50 namespaces) with two running pods each (10,000 pods), their Services,
 * and PodDisruptionBudgets and KEDA ScaledObjects on some. The real
 * KubernetesFactCollector reads the cluster through @kubernetes/client-node
 * and collects the facts of 10,000 entities (each Deployment's Component and
 * the AIModel it serves) in pages of 250, as the grading service asks for
 * them. At the same time, page by page as the grading service asks its
 * collectors, the real PrometheusFactCollector reads their Prometheus
 * evidence from the real ai-ops back end (started here, its catalog holding
 * the same entities) over Debian's Prometheus at BENCH_PROMETHEUS_URL,
 * which bench:ai-ops starts over 7 days of the fleet's series
 * (packages/test-kit/src/history/sloFleet.ts writeServingFleetHistory): each Component's
 * availability and TTFT SLOs, each model's TTFT SLO, each server's GPU idle
 * share, exported series and alert rules. Every entity is then graded
 * against the reference rule set with both collectors' facts.
 * Prints the time of the cluster read, the collection and the grading, and
 * the peak RSS of this process (ai-ops included; bench:ai-ops runs it with a
 * V8 heap of 320 MB); targets: 10 s and 500 MB in all.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
// The real ai-ops back end and Prometheus collector, as an app runs them.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import aiOpsPlugin from '@ai-refarch/plugin-ai-ops-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { PrometheusFactCollector } from '@ai-refarch/plugin-ai-scorecard-backend-module-prometheus';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { scoreEntity } from '@ai-refarch/plugin-ai-scorecard-common';
import { loadRuleSet } from '@ai-refarch/plugin-ai-scorecard-node';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ClusterSnapshots } from '../src/client/ClusterSnapshots';
import { KubernetesFactCollector } from '../src/KubernetesFactCollector';

import { DEPLOYMENTS, name, NODES, ns } from './cluster';

const PAGE = 250;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 20);

const modelRef = (i: number) => `aimodel:default/model-${i}`;

const slo = (indicator: string, target: number, objective = {}) => ({
  name: indicator,
  indicator: { type: indicator },
  timeWindow: [{ duration: '7d', isRolling: true }],
  objectives: [{ target, ...objective }],
});
const AVAILABILITY = slo('availability', 0.995);
const TTFT = slo('ttft', 0.95, { op: 'lte', value: 0.5 });

function entities(): Entity[] {
  const out: Entity[] = [];
  for (let i = 0; i < DEPLOYMENTS; i++) {
    const spec = {
      lifecycle: 'production',
      owner: `group:default/team-${i % 40}`,
      system: `system:default/system-${i % 25}`,
    };
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: name(i),
        namespace: 'default',
        labels: {
          'ai-refarch.io/team': `team-${i % 40}`,
          'ai-refarch.io/tenant': `tenant-${i % 12}`,
        },
        annotations: {
          'backstage.io/kubernetes-id': name(i),
          'backstage.io/kubernetes-namespace': ns(i),
          'ai-refarch.io/serves-models': modelRef(i),
          'ai-refarch.io/runtime': 'vllm',
        },
      },
      spec: { type: 'service', ...spec, slos: [AVAILABILITY, TTFT] },
    });
    out.push({
      apiVersion: 'ai-refarch.io/v1alpha1',
      kind: 'AIModel',
      metadata: {
        name: `model-${i}`,
        namespace: 'default',
        annotations: {
          'backstage.io/kubernetes-id': name(i),
          'backstage.io/kubernetes-namespace': ns(i),
        },
      },
      spec: {
        type: 'llm',
        ...spec,
        provider: 'self-hosted',
        version: '1',
        serving: {
          runtime: 'vllm',
          engine: { maxModelLen: 8192, enablePrefixCaching: true },
        },
        resources: { accelerator: 'nvidia-l4', count: 1, replicas: 2 },
        slos: [TTFT],
      },
    });
  }
  return out;
}

/** The catalog as the collector asks it: the served models by ref. */
function catalogOf(all: Entity[]): CatalogService {
  const byRef = new Map(all.map(e => [stringifyEntityRef(e), e]));
  return {
    getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => ({
      items: entityRefs.map(r => byRef.get(r)),
    }),
  } as unknown as CatalogService;
}

async function main() {
  const all = entities();
  // The API server in its own process: its objects are not this one's memory.
  const child = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      `${__dirname}/cluster.ts`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = await createInterface({ input: child.stdout! })
    [Symbol.asyncIterator]()
    .next()
    .then(r => [r.value as string]);
  const server = JSON.parse(line) as { url: string; caData: string };
  const snapshots = new ClusterSnapshots(
    {
      clusters: [
        {
          name: 'bench',
          url: server.url,
          authProvider: 'serviceAccount',
          authMetadata: {},
          serviceAccountToken: 'bench',
          skipTLSVerify: false,
          demo: false,
          caData: server.caData,
        },
      ],
      clustersFrom: 'aiScorecard.kubernetes.clusters',
      timeoutMs: 60_000,
      cacheTtlMs: 600_000,
    },
    {
      info() {},
      warn() {},
      error() {},
      debug() {},
      child() {
        return this;
      },
    } as any,
  );
  const collector = new KubernetesFactCollector({
    snapshots,
    catalog: catalogOf(all),
  });
  const ruleSet = loadRuleSet(new ConfigReader({}));
  const credentials = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'service', subject: 'bench' },
  } as any;
  const observedAt = new Date().toISOString();
  const prometheusUrl = process.env.BENCH_PROMETHEUS_URL;
  if (!prometheusUrl) {
    throw new Error(
      'BENCH_PROMETHEUS_URL: run this through npm run bench:ai-ops, which starts Prometheus over the fleet history',
    );
  }
  const aiOps = await startTestBackend({
    features: [
      aiOpsPlugin,
      // The entities by ref, as the catalog's database finds them (the
      // test utilities' in-memory catalog rebuilds its index on each call).
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalogOf(all),
      }),
      mockServices.rootConfig.factory({
        data: {
          aiOps: {
            prometheus: {
              default: 'bench',
              sources: { bench: { baseUrl: prometheusUrl } },
            },
          },
        },
      }),
    ],
  });
  const aiOpsUrl = `http://localhost:${aiOps.server.port()}/api/ai-ops`;
  const prometheus = new PrometheusFactCollector({
    discovery: {
      getBaseUrl: async () => aiOpsUrl,
      getExternalBaseUrl: async () => aiOpsUrl,
    },
    auth: mockServices.auth(),
  });

  const started = performance.now();
  const read = await collector.read();
  const readMs = performance.now() - started;
  if (read.unreadable.length) {
    throw new Error(`cluster unreadable: ${read.unreadable[0].reason}`);
  }
  let collectMs = 0;
  let gradeMs = 0;
  let known = 0;
  let placed = 0;
  const measured = {
    'prometheus.slo': 0,
    'prometheus.gpu': 0,
    'prometheus.metrics': 0,
    'prometheus.alerting': 0,
  };
  for (let i = 0; i < all.length; i += PAGE) {
    const page = all.slice(i, i + PAGE);
    const t0 = performance.now();
    // Both collectors at once, as the grading service asks them.
    const [facts, promFacts] = await Promise.all([
      collector.collect(page, { credentials }),
      prometheus.collect(page),
    ]);
    const t1 = performance.now();
    for (let j = 0; j < page.length; j++) {
      const entity = page[j];
      const ref = stringifyEntityRef(entity);
      const own = facts.get(ref) ?? {};
      if ('value' in (own['kubernetes.serving'] ?? {})) known++;
      if ('value' in (own['kubernetes.placement'] ?? {})) placed++;
      const fromPrometheus = promFacts.get(ref) ?? {};
      for (const fact of Object.keys(measured) as (keyof typeof measured)[]) {
        if ('value' in (fromPrometheus[fact] ?? {})) measured[fact]++;
      }
      scoreEntity(
        ref,
        entity,
        ruleSet.rules,
        {
          // The entity itself, as the catalog collector gives it first.
          'catalog.entity': { value: entity, source: ref, observedAt },
          ...own,
          ...fromPrometheus,
        },
        [],
        new Date(),
        ruleSet.coverageThreshold,
      );
    }
    collectMs += t1 - t0;
    gradeMs += performance.now() - t1;
  }
  const seconds = (performance.now() - started) / 1000;
  child.kill();
  await aiOps.stop();
  clearInterval(sampler);
  const pods = DEPLOYMENTS * 2;
  console.log(
    `live Kubernetes collector: ${NODES} nodes, ${DEPLOYMENTS} Deployments, ${pods} pods; ${
      all.length
    } entities (kubernetes.serving known for ${known}, kubernetes.placement for ${placed}; ${Object.entries(
      measured,
    )
      .map(([fact, n]) => `${fact} for ${n}`)
      .join(
        ', ',
      )}) with live Kubernetes and Prometheus facts in ${seconds.toFixed(
      2,
    )} s: cluster read ${(readMs / 1000).toFixed(2)} s, facts ${(
      collectMs / 1000
    ).toFixed(2)} s, grading ${(gradeMs / 1000).toFixed(
      2,
    )} s; peak RSS ${Math.round(
      Math.max(peakRss, process.memoryUsage.rss()) / 1024 ** 2,
    )} MB; targets <= 10 s, <= 500 MB`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
