import { rawInputContext } from './__testUtils__/rawInputContext';
import { createGpuNodePoolsAction } from './gpuNodePools';

describe('ai-refarch:gpu-node-pools', () => {
  const action = createGpuNodePoolsAction();
  const context = (raw: object) => rawInputContext(action, raw);
  const input = {
    cloud: 'gke',
    nodePools: [
      {
        name: 'serving',
        gpuType: 'nvidia-l4',
        gpusPerNode: 1,
        minNodes: 1,
        maxNodes: 4,
        capacity: 'on-demand',
      },
      {
        name: 'batch',
        gpuType: 'nvidia-l4',
        gpusPerNode: 8,
        minNodes: 0,
        maxNodes: 2,
        capacity: 'spot',
      },
    ],
  };

  it('outputs the segments, the GPU ceiling and its spot share', async () => {
    const ctx = context(input);
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('segments', [
      expect.objectContaining({
        name: 'serving',
        instanceType: 'g2-standard-8',
        gpuLimit: 4,
      }),
      expect.objectContaining({
        name: 'batch',
        instanceType: 'g2-standard-96',
        gpuLimit: 16,
        spot: true,
      }),
    ]);
    expect(ctx.output).toHaveBeenCalledWith('maxGpus', 20);
    expect(ctx.output).toHaveBeenCalledWith('spotShareOfMaxGpus', 0.8);
  });

  it.each([
    [{ cloud: 'openstack' }, /^cloud: /],
    [{ nodePools: [] }, /^nodePools: add at least one GPU node pool/],
    [
      { nodePools: [{ ...input.nodePools[0], gpusPerNode: -1 }] },
      /^nodePools\[0\]\.gpusPerNode: must be at least 1 GPU/,
    ],
    [
      { nodePools: [{ ...input.nodePools[0], name: 'GPU Pool' }] },
      /^nodePools\[0\]\.name: must start with a letter/,
    ],
    [
      { nodePools: [{ ...input.nodePools[0], maxNodes: 0, minNodes: 0 }] },
      /^nodePools\[0\]\.maxNodes: must be at least 1/,
    ],
    ...['constructor', '__proto__', 'toString'].map(
      (gpuType): [object, RegExp] => [
        { nodePools: [{ ...input.nodePools[0], gpuType }] },
        new RegExp(
          `^nodePools\\[0\\]\\.gpuType: GKE has no ${gpuType} node type`,
        ),
      ],
    ),
  ])(
    'refuses %j with an InputError naming the field',
    async (patch, message) => {
      await expect(
        action.handler(context({ ...input, ...patch })),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
    },
  );
});
