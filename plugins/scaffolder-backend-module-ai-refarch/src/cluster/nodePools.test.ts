import { NodePoolInput, planNodePools } from './nodePools';

const pool: NodePoolInput = {
  name: 'inference',
  gpuType: 'nvidia-l4',
  gpusPerNode: 4,
  minNodes: 3,
  maxNodes: 10,
  capacity: 'mixed',
  onDemandBase: 2,
};

describe('planNodePools', () => {
  it('splits a mixed pool into an on-demand base and a spot remainder', () => {
    expect(planNodePools('eks', [pool])).toEqual([
      expect.objectContaining({
        name: 'inference-ondemand',
        spot: false,
        instanceType: 'g6.12xlarge',
        minNodes: 2,
        maxNodes: 2,
        gpuLimit: 8,
        elasticGpuLimit: 0,
      }),
      expect.objectContaining({
        name: 'inference-spot',
        spot: true,
        // 3 nodes at least, 2 of them on demand
        minNodes: 1,
        maxNodes: 8,
        gpuLimit: 32,
        elasticGpuLimit: 28,
      }),
    ]);
  });

  it.each([
    ['gke', 'nvidia-h100-80gb', 8, 'a3-highgpu-8g', 'nvidia-h100-80gb'],
    ['gke', 'nvidia-t4', 2, 'n1-standard-16', 'nvidia-tesla-t4'],
    [
      'aks',
      'nvidia-a100-80gb',
      1,
      'Standard_NC24ads_A100_v4',
      'nvidia-a100-80gb',
    ],
  ] as const)(
    'picks the %s machine type for %s × %i',
    (cloud, gpuType, gpusPerNode, instanceType, acceleratorType) => {
      const [segment] = planNodePools(cloud, [
        { ...pool, gpuType, gpusPerNode, capacity: 'spot', onDemandBase: 0 },
      ]);
      expect(segment).toMatchObject({
        name: 'inference',
        spot: true,
        instanceType,
        acceleratorType,
      });
    },
  );

  it('keeps an instance type given by the user', () => {
    const [segment] = planNodePools('eks', [
      {
        ...pool,
        capacity: 'on-demand',
        onDemandBase: 0,
        instanceType: 'g6.16xlarge',
        gpusPerNode: 1,
      },
    ]);
    expect(segment.instanceType).toBe('g6.16xlarge');
  });

  it.each([
    [
      { maxNodes: 2 },
      'nodePools[0].maxNodes: must be at least the minimum of 3 nodes',
    ],
    [
      { onDemandBase: 12 },
      'nodePools[0].onDemandBase: 12 on-demand nodes exceed the maximum of 10',
    ],
    [
      { capacity: 'spot' as const },
      'nodePools[0].onDemandBase: applies to mixed capacity only; this pool is spot',
    ],
    [
      { gpusPerNode: 3 },
      'nodePools[0].gpusPerNode: EKS nvidia-l4 nodes come with 1, 4, 8 GPUs, not 3; or set the instance type yourself',
    ],
    [
      { gpuType: 'nvidia-b200' },
      /^nodePools\[0\]\.gpuType: EKS has no nvidia-b200 node type in this golden path; choose nvidia-t4, /,
    ],
  ])('refuses %j, naming the field', (patch, message) => {
    expect(() => planNodePools('eks', [{ ...pool, ...patch }])).toThrow(
      message,
    );
  });

  it('names AKS node pools within 12 lower-case letters and digits, and refuses two that clash', () => {
    const a100 = { ...pool, gpuType: 'nvidia-a100-80gb', gpusPerNode: 1 };
    expect(
      planNodePools('aks', [{ ...a100, name: 'llm-inference' }]).map(
        s => s.cloudName,
      ),
    ).toEqual(['llminferenod', 'llminferensp']);
    expect(() =>
      planNodePools('aks', [
        { ...a100, name: 'inference-pool-a' },
        { ...a100, name: 'inference-pool-b' },
      ]),
    ).toThrow(
      'nodePools[1].name: on AKS the node pool is named "inferencepod", like another pool; make the first ten letters of the pool names differ',
    );
  });

  it('refuses an L4 pool on AKS and a duplicate pool name', () => {
    expect(() => planNodePools('aks', [pool])).toThrow(
      /^nodePools\[0\]\.gpuType: AKS has no nvidia-l4 node type/,
    );
    expect(() => planNodePools('gke', [pool, pool])).toThrow(
      'nodePools[1].name: "inference" is used by another pool',
    );
  });
});
