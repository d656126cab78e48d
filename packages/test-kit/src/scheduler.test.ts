import { Node, schedule } from './scheduler';

const node = (name: string, zone: string, gpus: number, labels = {}): Node => ({
  kind: 'Node',
  metadata: {
    name,
    labels: { 'topology.kubernetes.io/zone': zone, ...labels },
  },
  status: { allocatable: { 'nvidia.com/gpu': String(gpus) } },
});

const deployment = (replicas: number, podSpec: object) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'chat', namespace: 'serving' },
  spec: {
    replicas,
    template: {
      metadata: { labels: { app: 'chat' } },
      spec: {
        containers: [{ resources: { limits: { 'nvidia.com/gpu': 1 } } }],
        ...podSpec,
      },
    },
  },
});

describe('schedule', () => {
  it('spreads replicas over zones, fills GPUs, and leaves a pod that fits nowhere Pending', () => {
    const pods = schedule(
      [
        deployment(3, {
          topologySpreadConstraints: [
            {
              topologyKey: 'topology.kubernetes.io/zone',
              labelSelector: { matchLabels: { app: 'chat' } },
            },
          ],
        }),
      ],
      [node('a-1', 'a', 1), node('b-1', 'b', 1)],
    );
    expect(pods.map(p => [p.spec.nodeName, p.status.phase])).toEqual([
      ['a-1', 'Running'],
      ['b-1', 'Running'],
      [undefined, 'Pending'],
    ]);
    expect(pods[0].metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'ReplicaSet', name: 'chat-5d8f7c9b6' }),
    ]);
  });

  it('keeps pods off tainted nodes they do not tolerate, and on the nodes they select', () => {
    const tainted: Node = {
      ...node('spot-1', 'a', 8, { capacity: 'spot' }),
      spec: { taints: [{ key: 'spot', value: 'true', effect: 'NoSchedule' }] },
    };
    const [intolerant] = schedule(
      [deployment(1, { nodeSelector: { capacity: 'spot' } })],
      [tainted, node('od-1', 'a', 8)],
    );
    expect(intolerant.status.phase).toBe('Pending');
    const [tolerant] = schedule(
      [
        deployment(1, {
          nodeSelector: { capacity: 'spot' },
          tolerations: [{ key: 'spot', operator: 'Exists' }],
        }),
      ],
      [tainted, node('od-1', 'a', 8)],
    );
    expect(tolerant.spec.nodeName).toBe('spot-1');
  });
});
