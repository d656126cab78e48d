import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { Entity } from '@backstage/catalog-model';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { RepoFactCollector } from './RepoFactCollector';

// A generated model server's repository, as the LLM serving golden path writes it.
const repository: Record<string, string> = {
  'kubernetes/deployment.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata: { name: chat }
spec:
  template:
    metadata: { labels: { app.kubernetes.io/name: chat } }
    spec:
      topologySpreadConstraints:
        - { maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway }
      containers:
        - name: server
          image: vllm/vllm-openai:v0.8.5
          startupProbe: { httpGet: { path: /health, port: http } }
          readinessProbe: { httpGet: { path: /health, port: http } }
          livenessProbe: { httpGet: { path: /health, port: http } }
          resources: { limits: { nvidia.com/gpu: 1 } }
---
apiVersion: v1
kind: Service
metadata: { name: chat }
`,
  'kubernetes/autoscaling.yaml': `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: chat }
spec:
  minReplicaCount: 2
  maxReplicaCount: 6
  triggers:
    - type: prometheus
      metadata: { query: 'sum(vllm:num_requests_waiting{service="chat"})', threshold: '8' }
`,
  'kubernetes/pdb.yaml': `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: chat }
spec:
  maxUnavailable: 1
  selector: { matchLabels: { app.kubernetes.io/name: chat } }
`,
  'docs/runbook.md': '# Runbook',
  'README.md': '# not read',
};

function reader(files: Record<string, string> | Error): UrlReaderService {
  return {
    readTree: async (
      _url: string,
      options?: { filter?(path: string): boolean },
    ) => {
      if (files instanceof Error) throw files;
      return {
        files: async () =>
          Object.entries(files)
            .filter(([path]) => options?.filter?.(path) ?? true)
            .map(([path, text]) => ({
              path,
              content: async () => Buffer.from(text),
            })),
      };
    },
  } as unknown as UrlReaderService;
}

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'chat', namespace: 'default', annotations },
  spec: { type: 'service' },
});
const sourced = component({
  'backstage.io/source-location':
    'url:https://git.example.com/acme/chat/tree/main/',
});

describe('RepoFactCollector', () => {
  it('reads the manifests and files the rules look for from the source location', async () => {
    const collector = new RepoFactCollector({
      urlReader: reader(repository),
      logger: mockServices.logger.mock(),
    });
    const facts = (await collector.collect([sourced])).get(
      'component:default/chat',
    )!;
    expect(facts['repo.files']).toMatchObject({
      value: {
        'kubernetes/deployment.yaml': true,
        'kubernetes/autoscaling.yaml': true,
        'kubernetes/pdb.yaml': true,
        'docs/runbook.md': true,
      },
      source: 'repo:https://git.example.com/acme/chat/tree/main/',
    });
    expect((facts['repo.files'] as any).value['README.md']).toBeUndefined();
    expect((facts['repo.kubernetes'] as any).value).toEqual({
      manifests: 4,
      zoneSpread: true,
      podDisruptionBudget: true,
      probes: true,
      gpuRequests: true,
      serviceMonitor: false,
      imagesPinned: false,
      autoscaling: {
        present: true,
        bounded: true,
        queueMetric: 'vllm:num_requests_waiting',
      },
    });
    expect((facts['repo.ragConfig'] as any).value).toBeNull();
  });

  it.each([
    [component({}), 'no backstage.io/source-location annotation'],
    [
      component({ 'backstage.io/source-location': 'file:/srv/chat/' }),
      'backstage.io/source-location is a file location, which cannot be read as a repository',
    ],
  ])(
    'leaves the facts unknown, with the reason, for %#',
    async (entity, reason) => {
      const collector = new RepoFactCollector({
        urlReader: reader(repository),
        logger: mockServices.logger.mock(),
      });
      const facts = (await collector.collect([entity])).get(
        'component:default/chat',
      )!;
      expect(facts['repo.kubernetes']).toMatchObject({ unknown: reason });
    },
  );

  it('leaves the facts unknown when the repository cannot be read, and logs it', async () => {
    const logger = mockServices.logger.mock();
    const collector = new RepoFactCollector({
      urlReader: reader(
        new NotFoundError(
          'https://git.example.com/acme/chat/tree/main/ does not exist',
        ),
      ),
      logger,
    });
    const facts = (await collector.collect([sourced])).get(
      'component:default/chat',
    )!;
    expect(facts['repo.kubernetes']).toMatchObject({
      unknown:
        'could not read the repository: https://git.example.com/acme/chat/tree/main/ does not exist',
      source: 'repo:https://git.example.com/acme/chat/tree/main/',
    });
    expect(logger.warn).toHaveBeenCalled();
  });

  it('keeps a token in the source location out of the facts and the logs', async () => {
    const logger = mockServices.logger.mock();
    const url =
      'https://x-access-token:ghp_abc123@git.example.com/acme/chat/tree/main/?private_token=glpat-xyz';
    const collector = new RepoFactCollector({
      urlReader: reader(new NotFoundError(`${url} does not exist`)),
      logger,
    });
    const facts = (
      await collector.collect([
        component({ 'backstage.io/source-location': `url:${url}` }),
      ])
    ).get('component:default/chat')!;
    const written = JSON.stringify([facts, logger.warn.mock.calls]);
    expect(written).not.toMatch(/ghp_abc123|glpat-xyz/);
    expect(facts['repo.kubernetes']).toMatchObject({
      source:
        'repo:https://***@git.example.com/acme/chat/tree/main/?private_token=***',
    });
  });
});
