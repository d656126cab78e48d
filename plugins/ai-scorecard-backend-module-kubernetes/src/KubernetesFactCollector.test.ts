import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ClusterSnapshots } from './client/ClusterSnapshots';
import { ClusterConfig } from './config';
import {
  FakeApiServer,
  FakeClusterOptions,
  startFakeApiServer,
} from '@internal/test-kit';
import { healthyCluster, pod, vllmDeployment } from './__testUtils__/fixtures';
import { KubernetesFactCollector } from './KubernetesFactCollector';
import { UnregisteredModelServers } from './UnregisteredModelServers';

// The clusters are loopback servers answering with the Kubernetes API
// server's JSON (no API server can be installed here); the client is the
// real @kubernetes/client-node.

const model: Entity = {
  apiVersion: 'ai-refarch.io/v1alpha1',
  kind: 'AIModel',
  metadata: { name: 'llama-3-1-8b-instruct', namespace: 'default' },
  spec: {
    type: 'llm',
    owner: 'group:default/ml',
    lifecycle: 'production',
    provider: 'self-hosted',
    serving: {
      runtime: 'vllm',
      engine: { maxModelLen: 8192, enablePrefixCaching: true },
    },
    resources: { accelerator: 'nvidia-l4', count: 1, replicas: 2 },
  },
};

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'ai-refarch.io/serves-models': 'aimodel:default/llama-3-1-8b-instruct',
        ...annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/ml',
    },
  };
}

const servers: FakeApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.close()));
});

async function cluster(
  name: string,
  options: Partial<FakeClusterOptions>,
  token = 'secret',
): Promise<ClusterConfig> {
  const server = await startFakeApiServer({
    token: 'secret',
    manifests: [],
    ...options,
  });
  servers.push(server);
  return {
    name,
    url: server.url,
    authProvider: 'serviceAccount',
    authMetadata: {},
    serviceAccountToken: token,
    skipTLSVerify: false,
    demo: false,
    caData: server.caData,
  };
}

function collectorFor(
  clusters: ClusterConfig[],
  entities: Entity[] = [model],
  timeoutMs = 2000,
) {
  const snapshots = new ClusterSnapshots(
    {
      clusters,
      clustersFrom: 'aiScorecard.kubernetes.clusters',
      timeoutMs,
      cacheTtlMs: 60_000,
    },
    mockServices.logger.mock(),
  );
  const catalog = catalogServiceMock({ entities });
  const collector = new KubernetesFactCollector({ snapshots, catalog });
  return {
    collector,
    discovery: new UnregisteredModelServers({ collector, catalog }),
  };
}

const credentials = mockCredentials.service();
const value = (facts: any, name: string) => facts[name].value;

describe('KubernetesFactCollector', () => {
  it('reads what runs for a service, and keeps the clusters it could read when another answers 403', async () => {
    const clusters = [
      await cluster('prod-eu', { manifests: healthyCluster('chat', 'chat') }),
      await cluster('prod-us', {
        manifests: [vllmDeployment('search', { id: 'search' })],
        forbidden: ['deployments'],
      }),
    ];
    const chat = component('chat', { 'backstage.io/kubernetes-id': 'chat' });
    const search = component('search', {
      'backstage.io/kubernetes-id': 'search',
    });
    const { collector } = collectorFor(clusters);
    const facts = await collector.collect([chat, search], { credentials });

    const c = facts.get('component:default/chat')!;
    expect(c['kubernetes.serving']).toMatchObject({
      source: 'kubernetes:prod-eu',
      observedAt: expect.any(String),
    });
    expect(value(c, 'kubernetes.serving')).toMatchObject({
      workloads: [
        {
          ref: 'prod-eu/serving/Deployment/chat',
          runtime: 'vllm',
          replicas: 2,
          readyReplicas: 2,
        },
      ],
      runtime: 'vllm',
      gpuRequests: true,
      gpusPerReplica: 1,
      autoscaling: {
        present: true,
        bounded: true,
        by: ['prod-eu/serving/Deployment/chat: ScaledObject chat 1–4'],
      },
      // The fixture's pods carry no team and tenant labels.
      costLabels: false,
      podDisruptionBudget: true,
      services: ['prod-eu/serving/chat'],
      zoneSpreadConstraint: true,
      imagesPinned: true,
      unpinnedImages: [],
      gpuType: 'nvidia-l4',
      engine: {
        enablePrefixCaching: true,
        maxModelLen: 8192,
        tensorParallelSize: 1,
      },
      unreadableClusters: [
        expect.stringMatching(
          /^cluster prod-us: 403 Forbidden .* listing deployments/,
        ),
      ],
    });
    expect(value(c, 'kubernetes.placement')).toEqual({
      pods: 2,
      zones: 2,
      zoneNames: ['prod-eu/eu-west-1a', 'prod-eu/eu-west-1b'],
      spotShare: 0.5,
      gpuTypes: ['NVIDIA-L4'],
    });
    // the model declares vLLM, 8192 tokens, prefix caching, one L4, two replicas: all as deployed
    expect(value(c, 'kubernetes.drift')).toEqual({
      serving: [],
      engine: [],
      model: [],
    });

    // search runs only on the cluster that refused: unknown, with the reason
    const s = facts.get('component:default/search')!;
    expect(s['kubernetes.serving']).toEqual({
      unknown: expect.stringMatching(
        /^no workload matches backstage.io\/kubernetes-id=search in prod-eu; cluster prod-us: 403 Forbidden/,
      ),
      source: 'kubernetes:prod-eu,prod-us',
      observedAt: expect.any(String),
    });
  });

  it("checks that the running pods carry the entity's team and tenant cost labels", async () => {
    const costLabels = {
      'ai-refarch.io/team': 'ml-platform',
      'ai-refarch.io/tenant': 'support',
    };
    const clusters = [
      await cluster('prod-eu', {
        manifests: [vllmDeployment('chat', { id: 'chat', labels: costLabels })],
      }),
    ];
    const withLabels = (name: string, labels: Record<string, string>) => {
      const e = component(name, { 'backstage.io/kubernetes-id': 'chat' });
      return { ...e, metadata: { ...e.metadata, labels } };
    };
    const { collector } = collectorFor(clusters);
    const facts = await collector.collect(
      [
        withLabels('chat', costLabels),
        // Charged to another tenant in the catalog than on its pods.
        withLabels('chat-elsewhere', {
          ...costLabels,
          'ai-refarch.io/tenant': 'billing',
        }),
      ],
      { credentials },
    );
    const costLabelsOf = (name: string) =>
      (
        value(
          facts.get(`component:default/${name}`)!,
          'kubernetes.serving',
        ) as {
          costLabels: boolean;
        }
      ).costLabels;
    expect(costLabelsOf('chat')).toBe(true);
    expect(costLabelsOf('chat-elsewhere')).toBe(false);
  });

  it("makes every fact unknown, with each cluster's reason, when no cluster can be read", async () => {
    const clusters = [
      await cluster(
        'prod-eu',
        { manifests: healthyCluster() },
        'expired-token',
      ),
      await cluster('prod-us', { hang: true }),
    ];
    const { collector } = collectorFor(clusters, [model], 300);
    const facts = await collector.collect(
      [component('chat', { 'backstage.io/kubernetes-id': 'chat' })],
      { credentials },
    );
    const reason = (
      facts.get('component:default/chat')!['kubernetes.serving'] as {
        unknown: string;
      }
    ).unknown;
    expect(reason).toContain('no cluster could be read');
    expect(reason).toContain(
      'cluster prod-eu: 401 Unauthorized (check the service-account token)',
    );
    expect(reason).toContain('cluster prod-us: no answer listing');
    expect(
      facts.get('component:default/chat')!['kubernetes.drift'],
    ).toHaveProperty('unknown');
  });

  it('shows what the catalog declares next to what the cluster runs', async () => {
    const drifted = vllmDeployment('chat', {
      id: 'chat',
      args: [
        '--model',
        '/models/llama',
        '--max-model-len',
        '4096',
        '--no-enable-prefix-caching',
      ],
      gpuType: 'nvidia-a10g',
      gpus: 2,
      replicas: 1,
      image: 'vllm/vllm-openai:latest',
    });
    const clusters = [await cluster('prod-eu', { manifests: [drifted] })];
    const chat = component('chat', {
      'backstage.io/kubernetes-id': 'chat',
      'ai-refarch.io/runtime': 'tgi',
    });
    const { collector } = collectorFor(clusters);
    const facts = await collector.collect([chat], { credentials });
    const c = facts.get('component:default/chat')!;
    const at = 'prod-eu/serving/Deployment/chat';
    expect(value(c, 'kubernetes.drift')).toEqual({
      serving: [
        {
          field: 'runtime',
          declared: 'tgi',
          declaredIn:
            'component:default/chat metadata.annotations["ai-refarch.io/runtime"]',
          observed: 'vllm',
          observedIn: at,
        },
        {
          field: 'GPU type',
          declared: 'nvidia-l4',
          declaredIn:
            'aimodel:default/llama-3-1-8b-instruct spec.resources.accelerator',
          observed: 'nvidia-a10g',
          observedIn: at,
        },
        {
          field: 'GPUs per replica',
          declared: 1,
          declaredIn:
            'aimodel:default/llama-3-1-8b-instruct spec.resources.count',
          observed: 2,
          observedIn: at,
        },
        {
          field: 'replicas (minimum)',
          declared: 2,
          declaredIn:
            'aimodel:default/llama-3-1-8b-instruct spec.resources.replicas',
          observed: 1,
          observedIn: at,
        },
      ],
      engine: [
        {
          field: 'enablePrefixCaching',
          declared: true,
          declaredIn:
            'aimodel:default/llama-3-1-8b-instruct spec.serving.engine.enablePrefixCaching',
          observed: false,
          observedIn: at,
        },
        {
          field: 'maxModelLen',
          declared: 8192,
          declaredIn:
            'aimodel:default/llama-3-1-8b-instruct spec.serving.engine.maxModelLen',
          observed: 4096,
          observedIn: at,
        },
      ],
      model: [],
    });
    expect(value(c, 'kubernetes.serving')).toMatchObject({
      autoscaling: { present: false, bounded: false },
      podDisruptionBudget: false,
      imagesPinned: false,
      unpinnedImages: ['vllm/vllm-openai:latest'],
    });
    // no pods are running: where they run cannot be said
    expect(c['kubernetes.placement']).toMatchObject({
      unknown: 'no running pods of prod-eu/serving/Deployment/chat',
    });
  });

  it('compares the model version and weights digest the pods run with the AIModel, and notes a rollback', async () => {
    const current = `sha256:${'c'.repeat(64)}`;
    const previous = `sha256:${'b'.repeat(64)}`;
    const versioned: Entity = {
      ...model,
      spec: {
        ...model.spec,
        version: '3',
        artifact: { uri: 's3://models/llama/3', digest: current },
        rollbackVersion: '2',
        rollbackArtifact: { uri: 's3://models/llama/2', digest: previous },
      },
    };
    const annotated = (version?: string, digest?: string) => ({
      ...(version ? { 'ai-refarch.io/model-version': version } : {}),
      ...(digest ? { 'ai-refarch.io/model-digest': digest } : {}),
    });
    const clusters = [
      await cluster('prod-eu', {
        manifests: [
          vllmDeployment('current', {
            id: 'current',
            podAnnotations: annotated('3', current),
          }),
          vllmDeployment('rolled-back', {
            id: 'rolled-back',
            podAnnotations: annotated(' 2 ', previous),
          }),
          vllmDeployment('unpinned', { id: 'unpinned' }),
          // KServe: the predictor's annotations go on its pods.
          {
            apiVersion: 'serving.kserve.io/v1beta1',
            kind: 'InferenceService',
            metadata: {
              name: 'kserve',
              namespace: 'serving',
              labels: {
                'backstage.io/kubernetes-id': 'kserve',
                'ai-refarch.io/model': 'llama-3-1-8b-instruct',
              },
            },
            spec: {
              predictor: {
                annotations: annotated('2', previous),
                containers: [
                  { name: 'kserve-container', image: 'vllm/vllm-openai' },
                ],
              },
            },
          },
        ],
      }),
    ];
    const { collector } = collectorFor(clusters, [versioned]);
    const facts = await collector.collect(
      ['current', 'rolled-back', 'unpinned', 'kserve'].map(id =>
        component(id, { 'backstage.io/kubernetes-id': id }),
      ),
      { credentials },
    );
    const modelDrift = (id: string) =>
      (
        value(facts.get(`component:default/${id}`), 'kubernetes.drift') as {
          model: unknown[];
        }
      ).model;
    expect(modelDrift('current')).toEqual([]);
    const at = (id: string, key: string) =>
      `prod-eu/serving/Deployment/${id} pod annotation ai-refarch.io/model-${key}`;
    expect(modelDrift('rolled-back')).toEqual([
      {
        field: 'model version',
        declared: '3',
        declaredIn: 'aimodel:default/llama-3-1-8b-instruct spec.version',
        observed: '2',
        observedIn: at('rolled-back', 'version'),
        note: 'the rollback version (spec.rollbackVersion)',
      },
      {
        field: 'weights digest',
        declared: current,
        declaredIn:
          'aimodel:default/llama-3-1-8b-instruct spec.artifact.digest',
        observed: previous,
        observedIn: at('rolled-back', 'digest'),
        note: 'the weights of the rollback version (spec.rollbackVersion)',
      },
    ]);
    expect(modelDrift('kserve')).toEqual([
      expect.objectContaining({
        observed: '2',
        observedIn:
          'prod-eu/serving/InferenceService/kserve pod annotation ai-refarch.io/model-version',
        note: 'the rollback version (spec.rollbackVersion)',
      }),
      expect.objectContaining({ observed: previous }),
    ]);
    // Pods that do not say what they run are not taken to run the declared version.
    expect(modelDrift('unpinned')).toEqual([
      expect.objectContaining({ field: 'model version', observed: 'not set' }),
      expect.objectContaining({ field: 'weights digest', observed: 'not set' }),
    ]);
  });

  it("compares with what the service itself declares before its model's reference deployment, and names a bad declaration", async () => {
    const deployed = vllmDeployment('chat', {
      id: 'chat',
      args: ['--model', '/models/llama', '--max-model-len', '4096'],
      gpuType: 'nvidia-a10g',
      replicas: 1,
    });
    const clusters = [await cluster('prod-eu', { manifests: [deployed] })];
    const { collector } = collectorFor(clusters);
    const own = {
      'backstage.io/kubernetes-id': 'chat',
      'ai-refarch.io/gpu-type': 'nvidia-a10g',
      'ai-refarch.io/min-replicas': '1',
      'ai-refarch.io/max-model-len': '4096',
    };
    const facts = await collector.collect(
      [
        component('chat', own),
        component('bad', { ...own, 'ai-refarch.io/min-replicas': 'two' }),
      ],
      { credentials },
    );
    // GPU type, replicas and context length as the service declares them;
    // prefix caching (not declared by the service) still from the model
    expect(
      value(facts.get('component:default/chat'), 'kubernetes.drift'),
    ).toEqual({
      serving: [],
      engine: [],
      model: [],
    });
    expect(
      facts.get('component:default/bad')!['kubernetes.drift'],
    ).toMatchObject({
      unknown:
        'metadata.annotations["ai-refarch.io/min-replicas"]: "two" is not a whole number',
    });
  });

  it('finds workloads by label selector and namespace, and refuses a bad selector naming the annotation', async () => {
    const clusters = [
      await cluster('prod-eu', {
        manifests: [
          vllmDeployment('chat', { namespace: 'team-a' }),
          vllmDeployment('chat', { namespace: 'team-b' }),
        ],
      }),
    ];
    const { collector } = collectorFor(clusters);
    const facts = await collector.collect(
      [
        component('by-selector', {
          'backstage.io/kubernetes-label-selector':
            'app.kubernetes.io/name in (chat),!legacy',
          'backstage.io/kubernetes-namespace': 'team-b',
        }),
        component('bad', {
          'backstage.io/kubernetes-label-selector': 'app in (chat',
        }),
        component('bad-id', {
          'backstage.io/kubernetes-id': 'not a label value',
        }),
        component('unmapped', {}),
      ],
      { credentials },
    );
    expect(
      value(facts.get('component:default/by-selector'), 'kubernetes.serving')
        .workloads,
    ).toEqual([
      expect.objectContaining({ ref: 'prod-eu/team-b/Deployment/chat' }),
    ]);
    expect(
      facts.get('component:default/bad')!['kubernetes.serving'],
    ).toMatchObject({
      unknown:
        'metadata.annotations["backstage.io/kubernetes-label-selector"]: cannot read "app in (chat" in "app in (chat"',
    });
    expect(
      facts.get('component:default/bad-id')!['kubernetes.serving'],
    ).toMatchObject({
      unknown: expect.stringContaining(
        'metadata.annotations["backstage.io/kubernetes-id"]: "not a label value" is not a valid label value',
      ),
    });
    expect(
      facts.get('component:default/unmapped')!['kubernetes.serving'],
    ).toMatchObject({
      unknown:
        'the entity names no workloads: add backstage.io/kubernetes-id (or backstage.io/kubernetes-label-selector)',
    });
  });

  it('reads each cluster once per cache period however many pages of entities are graded', async () => {
    const eu = await startFakeApiServer({
      token: 'secret',
      manifests: healthyCluster(),
    });
    servers.push(eu);
    const { collector } = collectorFor([
      {
        name: 'prod-eu',
        url: eu.url,
        authProvider: 'serviceAccount',
        authMetadata: {},
        serviceAccountToken: 'secret',
        skipTLSVerify: false,
        demo: false,
        caData: eu.caData,
      },
    ]);
    const chat = component('chat', { 'backstage.io/kubernetes-id': 'chat' });
    await Promise.all([
      collector.collect([chat], { credentials }),
      collector.collect([chat], { credentials }),
    ]);
    await collector.collect([chat], { credentials });
    expect(
      eu.requests.filter(p => p === '/apis/apps/v1/deployments'),
    ).toHaveLength(1);
  });

  it('says that no clusters are configured', async () => {
    const { collector } = collectorFor([]);
    const facts = await collector.collect(
      [component('chat', { 'backstage.io/kubernetes-id': 'chat' })],
      { credentials },
    );
    expect(
      facts.get('component:default/chat')!['kubernetes.serving'],
    ).toMatchObject({
      unknown: expect.stringContaining('no Kubernetes clusters are configured'),
    });
  });
});

describe('UnregisteredModelServers', () => {
  it('lists model servers no catalog entity claims, and the clusters it could not search', async () => {
    const tgi = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'legacy-summariser',
        namespace: 'ml',
        labels: { 'ai-refarch.io/model': 'mistral-7b' },
      },
      spec: {
        selector: { matchLabels: { app: 'legacy-summariser' } },
        template: {
          metadata: { labels: { app: 'legacy-summariser' } },
          spec: {
            containers: [
              {
                name: 'tgi',
                image: 'ghcr.io/huggingface/text-generation-inference:2.0.4',
              },
            ],
          },
        },
      },
    };
    const isvc = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'fraud-scorer', namespace: 'risk' },
      spec: {
        predictor: {
          model: {
            modelFormat: { name: 'xgboost' },
            storageUri: 's3://models/fraud',
          },
        },
      },
    };
    const web = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'website', namespace: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
        },
      },
    };
    const clusters = [
      await cluster('prod-eu', {
        manifests: [
          ...healthyCluster('chat', 'chat'),
          tgi,
          isvc,
          web,
          pod('legacy-summariser', 'gpu-a', 1, 'ml'),
        ],
      }),
      await cluster('prod-us', {}, 'wrong'),
    ];
    const { discovery } = collectorFor(clusters, [
      model,
      component('chat', { 'backstage.io/kubernetes-id': 'chat' }),
    ]);
    const found = await discovery.unregistered({ credentials });
    expect(found.servers).toEqual([
      {
        source: 'kubernetes',
        cluster: 'prod-eu',
        demo: false,
        namespace: 'ml',
        kind: 'Deployment',
        name: 'legacy-summariser',
        runtime: 'tgi',
        image: 'ghcr.io/huggingface/text-generation-inference:2.0.4',
        kubernetesId: null,
        model: 'mistral-7b',
      },
      {
        source: 'kubernetes',
        cluster: 'prod-eu',
        demo: false,
        namespace: 'risk',
        kind: 'InferenceService',
        name: 'fraud-scorer',
        runtime: null,
        image: null,
        kubernetesId: null,
        model: null,
      },
    ]);
    expect(found.unreadable).toEqual([
      {
        cluster: 'prod-us',
        reason: expect.stringMatching(/^cluster prod-us: 401 Unauthorized/),
      },
    ]);
  });
});
