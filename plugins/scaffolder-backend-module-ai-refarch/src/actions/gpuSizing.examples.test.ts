import { createGpuSizingAction } from './gpuSizing';
import { runExample } from './__testUtils__/runExample';

describe('ai-refarch:gpu-sizing examples', () => {
  it('sizes Llama 3.1 8B on L4s with its KV cache', async () => {
    // The L4's row of the portal's price table (aiRefarch.gpuPrices).
    const prices = {
      'nvidia-l4': {
        memoryGiB: 24,
        onDemandPerHour: 0.8,
        spotPerHour: 0.3,
        perNode: 8,
      },
    };
    const out = await runExample(createGpuSizingAction({ prices }), 0);
    // 8.03e9 parameters in bf16: about 15 GiB of weights
    expect(out.weightsGiB).toBeCloseTo(14.96, 1);
    // 32 layers × 8 KV heads × 128 × 2 (K and V) × 2 bytes
    expect(out.kvCacheBytesPerToken).toBe(131072);
    expect(out.gpusPerReplica).toBeGreaterThanOrEqual(1);
    expect(out.monthlyCost).toBeGreaterThan(0);
  });
});
