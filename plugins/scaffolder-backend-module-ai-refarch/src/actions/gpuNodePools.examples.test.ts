import { createGpuNodePoolsAction } from './gpuNodePools';
import { runExample } from './__testUtils__/runExample';

describe('ai-refarch:gpu-node-pools examples', () => {
  it('splits a mixed EKS pool into its on-demand base and spot', async () => {
    const out = await runExample(createGpuNodePoolsAction(), 0);
    // 10 nodes of 4 L4s at most
    expect(out.maxGpus).toBe(40);
    expect(out.segments.length).toBeGreaterThan(1);
  });
});
