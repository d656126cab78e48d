import { sizeGpus, SizingInput } from './gpuSizing';

const prices = {
  'nvidia-l4': {
    memoryGiB: 24,
    onDemandPerHour: 0.8,
    spotPerHour: 0.3,
    perNode: 8,
  },
  'nvidia-h100-80gb': {
    memoryGiB: 80,
    onDemandPerHour: 4,
    spotPerHour: 2,
    perNode: 8,
  },
};

// Llama 3.1 8B: 32 layers, 8 KV heads (GQA), head dim 128, 32 attention heads.
const llama8b: SizingInput = {
  parameters: 8_030_000_000,
  precision: 'bf16',
  contextLength: 8192,
  concurrency: 16,
  layers: 32,
  kvHeads: 8,
  headDim: 128,
  attentionHeads: 32,
  gpuType: 'nvidia-h100-80gb',
  gpuMemoryUtilization: 0.9,
  replicas: 2,
  spotShare: 0,
};

describe('sizeGpus', () => {
  it('sizes Llama 3.1 8B at 16 bits by hand-computed values', () => {
    const r = sizeGpus(llama8b, prices);
    // 8.03e9 parameters × 2 bytes
    expect(r.weightsBytes).toBe(16_060_000_000);
    // 2 (K and V) × 32 × 8 × 128 × 2 bytes = 131072 bytes = 128 KiB
    expect(r.kvCacheBytesPerToken).toBe(128 * 1024);
    // 128 KiB × 8192 tokens × 16 sequences = 16 GiB
    expect(r.kvCacheBytes).toBe(16 * 1024 ** 3);
    // (14.96 + 16) GiB fits in 72 GiB usable on one H100
    expect(r.tensorParallelSize).toBe(1);
    // 730 h × 1 GPU × 2 replicas × 4 per hour
    expect(r.monthlyCost).toBeCloseTo(5840, 6);
    expect(r.explanation[1]).toBe(
      'KV cache per token = 2 × 32 layers × 8 KV heads × 128 head dim × 2 bytes = 128 KiB',
    );
  });

  it('spreads the same model over two L4s and prices the spot mix', () => {
    const r = sizeGpus(
      { ...llama8b, gpuType: 'nvidia-l4', spotShare: 0.7 },
      prices,
    );
    // 30.96 GiB needed, 21.6 GiB usable per L4 -> 2 GPUs, TP 2 divides 32 heads
    expect(r.gpusPerReplica).toBe(2);
    // 730 × 2 GPUs × 2 replicas × (0.7 × 0.3 + 0.3 × 0.8) = 2920 × 0.45
    expect(r.monthlyCost).toBeCloseTo(1314, 6);
    expect(r.monthlyCostAllOnDemand).toBeCloseTo(2336, 6);
  });

  it('halves the KV cache with an fp8 cache and rounds tensor parallelism up to a power of two', () => {
    const llama70b: SizingInput = {
      ...llama8b,
      parameters: 70_600_000_000,
      layers: 80,
      attentionHeads: 64,
      concurrency: 8,
    };
    const r = sizeGpus(llama70b, prices);
    // 2 × 80 × 8 × 128 × 2 = 320 KiB per token
    expect(r.kvCacheBytesPerToken).toBe(320 * 1024);
    // 131.5 GiB weights + 20 GiB KV over 72 GiB usable -> 3 -> TP 4
    expect(r.tensorParallelSize).toBe(4);
    expect(
      sizeGpus({ ...llama70b, kvCachePrecision: 'fp8' }, prices)
        .kvCacheBytesPerToken,
    ).toBe(160 * 1024);
    // int4 weights (35.3 GiB) + 20 GiB KV fit one H100
    expect(
      sizeGpus({ ...llama70b, precision: 'int4' }, prices).tensorParallelSize,
    ).toBe(1);
  });

  it('refuses a model too large for one node of the chosen GPUs, naming the field', () => {
    expect(() =>
      sizeGpus(
        {
          ...llama8b,
          parameters: 405_000_000_000,
          layers: 126,
          attentionHeads: 128,
          gpuType: 'nvidia-l4',
        },
        prices,
      ),
    ).toThrow(
      /^gpuType: the model needs \d+ × nvidia-l4 .* more than the 8 on one node/,
    );
  });

  it('takes the GPUs per replica chosen in the form as the tensor-parallel size when the model fits', () => {
    const r = sizeGpus({ ...llama8b, gpusPerReplica: 4 }, prices);
    expect(r.tensorParallelSize).toBe(4);
    // 730 h × 4 GPUs × 2 replicas × 4 per hour
    expect(r.monthlyCost).toBeCloseTo(23360, 6);
  });

  it.each([
    [
      1,
      'nvidia-l4',
      /^gpusPerReplica: the model needs at least 2 × nvidia-l4 per replica \(14\.96 GiB of weights and 16\.00 GiB of KV cache against 21\.60 GiB usable per GPU\), not 1/,
    ],
    [
      3,
      'nvidia-h100-80gb',
      /^gpusPerReplica: tensor parallelism over 3 GPUs must divide the model's 32 attention heads$/,
    ],
    [
      16,
      'nvidia-h100-80gb',
      /^gpusPerReplica: one node holds at most 8 × nvidia-h100-80gb$/,
    ],
  ])(
    'refuses %i × %s per replica, naming gpusPerReplica',
    (gpus, gpuType, message) => {
      expect(() =>
        sizeGpus({ ...llama8b, gpuType, gpusPerReplica: gpus }, prices),
      ).toThrow(message);
    },
  );

  it('says when no prices are configured at all', () => {
    expect(() => sizeGpus(llama8b, {})).toThrow(
      'gpuType: no GPU prices are configured; ask the platform team to set aiRefarch.gpuPrices',
    );
  });

  it('refuses a GPU type missing from the price table', () => {
    expect(() =>
      sizeGpus({ ...llama8b, gpuType: 'nvidia-b200' }, prices),
    ).toThrow(
      'gpuType: unknown GPU type "nvidia-b200"; the price table has nvidia-h100-80gb, nvidia-l4',
    );
  });
});
