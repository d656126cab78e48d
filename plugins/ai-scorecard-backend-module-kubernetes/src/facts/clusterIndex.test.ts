import { ClusterObjects } from '../client/KubernetesObjectsClient';
import { pdb, pod, service, vllmDeployment } from '../__testUtils__/fixtures';
import { ClusterIndex } from './clusterIndex';
import { mappingOf, mapsTo } from './mapping';
import { workloadsOf } from './workloads';

/*
 * The index finds exactly the workloads that matching every workload finds
 * (the collector's way before it), in the cluster's order, and gives each
 * namespace its own objects.
 */

const objects = {
  deployments: [
    vllmDeployment('chat', { id: 'chat', namespace: 'serving' }),
    vllmDeployment('chat', { id: 'chat', namespace: 'staging' }),
    vllmDeployment('embed', {
      id: 'embed',
      namespace: 'serving',
      labels: { tier: 'gpu' },
    }),
    vllmDeployment('rerank', {
      namespace: 'serving',
      labels: { tier: 'cpu' },
    }),
  ],
  statefulSets: [],
  horizontalPodAutoscalers: [],
  podDisruptionBudgets: [pdb('chat', 'serving'), pdb('chat', 'staging')],
  services: [service('embed', 'serving')],
  pods: [
    pod('chat', 'gpu-a', 1, 'serving'),
    pod('chat', 'gpu-b', 2, 'staging'),
  ],
  nodes: [],
  scaledObjects: [],
  inferenceServices: [],
  notInstalled: [],
} as unknown as ClusterObjects;

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
  spec: {},
});

describe('ClusterIndex', () => {
  const index = new ClusterIndex('c1', objects);
  const all = workloadsOf('c1', objects);

  it.each([
    [{ 'backstage.io/kubernetes-id': 'chat' }],
    [
      {
        'backstage.io/kubernetes-id': 'chat',
        'backstage.io/kubernetes-namespace': 'staging',
      },
    ],
    [{ 'backstage.io/kubernetes-label-selector': 'tier in (gpu, cpu)' }],
    [{ 'backstage.io/kubernetes-label-selector': 'tier, tier!=cpu' }],
    [{ 'backstage.io/kubernetes-label-selector': '!tier' }],
    [{ 'backstage.io/kubernetes-id': 'nothing-runs-this' }],
  ])('finds what matching every workload finds for %j', annotations => {
    const mapping = mappingOf(entity(annotations) as any)!;
    expect(index.find(mapping).map(w => w.ref)).toEqual(
      all.filter(w => mapsTo(mapping, w)).map(w => w.ref),
    );
  });

  it('gives each namespace its own objects, and the cluster’s nodes', () => {
    const serving = index.inNamespace('serving');
    expect(serving.deployments.map(d => d.metadata?.name)).toEqual([
      'chat',
      'embed',
      'rerank',
    ]);
    expect(serving.pods.map(p => p.metadata?.name)).toEqual(['chat-7d9c8-1']);
    expect(serving.podDisruptionBudgets).toHaveLength(1);
    expect(serving.services).toHaveLength(1);
    expect(serving.nodes).toBe(objects.nodes);
    expect(index.inNamespace('staging').services).toEqual([]);
    expect(index.inNamespace('elsewhere').pods).toEqual([]);
  });
});
