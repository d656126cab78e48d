import { servingGuard } from './servingGuard';

const labels = { 'app.kubernetes.io/name': 'vllm-chat' };
const server = {
  name: 'server',
  image: 'vllm/vllm-openai:v0.8.5',
  ports: [{ name: 'http', containerPort: 8000 }],
};
const guard = {
  name: 'guard',
  image: 'python:3.12-slim',
  command: ['python3', '-m', 'guard.proxy', '--config', 'config/guard.yaml'],
  ports: [{ name: 'guard', containerPort: 8080 }],
};
const deployment = (containers: object[]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'vllm-chat' },
  spec: { template: { metadata: { labels }, spec: { containers } } },
});
const service = (targetPort: string | number) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'vllm-chat' },
  spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort }] },
});
const policy = (ports: (string | number)[]) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'vllm-chat' },
  spec: {
    podSelector: { matchLabels: labels },
    policyTypes: ['Ingress'],
    ingress: [{ ports: ports.map(port => ({ port, protocol: 'TCP' })) }],
  },
});

describe('servingGuard', () => {
  it('finds the guard in front of a Deployment as the golden path writes it', () => {
    expect(
      servingGuard([
        deployment([server, guard]),
        service('guard'),
        policy([8080]),
      ]),
    ).toEqual({ inFront: true });
  });

  it("lets Triton's metrics port past the guard, and nothing else", () => {
    const triton = {
      ...server,
      ports: [...server.ports, { name: 'metrics', containerPort: 8002 }],
    };
    const metricsService = {
      ...service('guard'),
      spec: {
        selector: labels,
        ports: [
          { name: 'http', port: 80, targetPort: 'guard' },
          { name: 'metrics', port: 8002, targetPort: 'metrics' },
        ],
      },
    };
    expect(
      servingGuard([
        deployment([triton, guard]),
        metricsService,
        policy([8080, 8002]),
      ]),
    ).toEqual({ inFront: true });
    expect(
      servingGuard([
        deployment([triton, guard]),
        metricsService,
        policy([8080, 8000]),
      ]),
    ).toMatchObject({
      inFront: false,
      problem: expect.stringMatching(
        /^no NetworkPolicy limits Deployment vllm-chat's pods/,
      ),
    });
  });

  it('names what lets a caller around the guard', () => {
    const cases: [object[], string][] = [
      [[], 'kubernetes/ has no Deployment, StatefulSet or InferenceService'],
      [
        [deployment([server]), service('http'), policy([8000])],
        'Deployment vllm-chat runs no guard container (python -m guard.proxy)',
      ],
      [
        [deployment([server, guard]), service('http'), policy([8080])],
        'Service vllm-chat port http sends to http, not to the guard',
      ],
      [
        [deployment([server, guard]), service(8000), policy([8080])],
        'Service vllm-chat port http sends to 8000, not to the guard',
      ],
      [
        [deployment([server, guard]), service('guard')],
        "no NetworkPolicy limits Deployment vllm-chat's pods to the guard's port, so other pods can call the model server around it",
      ],
      [
        [
          deployment([server, guard]),
          service('guard'),
          {
            ...policy([8080]),
            spec: { ...policy([8080]).spec, ingress: [{}] },
          },
        ],
        "no NetworkPolicy limits Deployment vllm-chat's pods to the guard's port, so other pods can call the model server around it",
      ],
    ];
    for (const [manifests, problem] of cases) {
      expect(servingGuard(manifests as any)).toEqual({
        inFront: false,
        problem,
      });
    }
  });

  it("needs KServe's transformer-container name, the one KServe routes to", () => {
    const isvc = (name: string) => ({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'vllm-chat' },
      spec: {
        predictor: {
          labels,
          containers: [
            { ...server, name: 'kserve-container' },
            { ...guard, name },
          ],
        },
      },
    });
    const kserveService = {
      ...service(8080),
      spec: {
        selector: { 'serving.kserve.io/inferenceservice': 'vllm-chat' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      },
    };
    expect(
      servingGuard([
        isvc('transformer-container'),
        kserveService,
        policy([8080]),
      ]),
    ).toEqual({ inFront: true });
    expect(
      servingGuard([isvc('guard'), kserveService, policy([8080])]),
    ).toEqual({
      inFront: false,
      problem:
        'InferenceService vllm-chat: the guard container is named guard; KServe routes requests only to one named transformer-container',
    });
  });
});
