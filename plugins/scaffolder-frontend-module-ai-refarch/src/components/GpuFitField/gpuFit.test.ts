import { catalogApi, config, form } from '../../__testUtils__/devPortal';
import { checkBudget, checkGpuFit } from './gpuFit';

describe('checkGpuFit', () => {
  it('fits Llama 3.1 8B on one L40S at the form defaults, by the same numbers as the action', async () => {
    const fit = await checkGpuFit(1, form, catalogApi, config);
    expect(fit).toMatchObject({
      status: 'fits',
      gpuType: 'nvidia-l40s',
      result: {
        weightsBytes: 16_060_000_000,
        kvCacheBytesPerToken: 128 * 1024,
        kvCacheBytes: 16 * 1024 ** 3,
        tensorParallelSize: 1,
      },
    });
  });

  it('refuses one L4 for it, naming the field and the numbers', async () => {
    expect(
      await checkGpuFit(
        1,
        { ...form, gpuType: 'nvidia-l4' },
        catalogApi,
        config,
      ),
    ).toEqual({
      status: 'refused',
      message:
        'gpusPerReplica: the model needs at least 2 × nvidia-l4 per replica (14.96 GiB of weights and 16.00 GiB of KV cache against 20.12 GiB usable per GPU), not 1; add GPUs, pick a larger GPU, a lower precision, or a shorter context or concurrency',
    });
  });

  it('sizes a new model described in the form', async () => {
    const fit = await checkGpuFit(
      1,
      {
        ...form,
        modelSource: 'new',
        newModel: {
          name: 'qwen',
          parameters: 7_620_000_000,
          precision: 'bf16',
          layers: 28,
          kvHeads: 4,
          headDim: 128,
          attentionHeads: 28,
        },
      },
      catalogApi,
      config,
    );
    expect(fit).toMatchObject({
      status: 'fits',
      result: { kvCacheBytesPerToken: 56 * 1024 },
    });
  });

  it.each([
    [
      { catalogModel: 'aimodel:default/clinical-notes-summarizer' },
      /^catalogModel: aimodel:default\/clinical-notes-summarizer has no spec.architecture.layers, spec.architecture.kvHeads, spec.architecture.headDim; GPU sizing needs them$/,
    ],
    [
      { catalogModel: 'aimodel:default/unknown' },
      'catalogModel: aimodel:default/unknown is not an AIModel in the catalog',
    ],
    [
      { gpuType: 'nvidia-b200' },
      /^gpuType: unknown GPU type "nvidia-b200"; the price table has nvidia-a100-80gb/,
    ],
  ])('refuses %j', async (patch, message) => {
    const fit = await checkGpuFit(1, { ...form, ...patch }, catalogApi, config);
    expect(fit.status).toBe('refused');
    expect((fit as { message: string }).message).toMatch(message);
  });

  it('waits for the fields it needs instead of refusing', async () => {
    expect(
      await checkGpuFit(1, { modelSource: 'catalog' }, catalogApi, config),
    ).toEqual({
      status: 'incomplete',
      message: 'pick a model first',
    });
    expect(
      (
        await checkGpuFit(
          1,
          { ...form, maxModelLen: undefined },
          catalogApi,
          config,
        )
      ).status,
    ).toBe('incomplete');
  });
});

describe('the form makes the action’s checks across fields, naming the form’s fields', () => {
  const plan = {
    ...form,
    gpusPerReplica: 1,
    minReplicas: 2,
    maxReplicas: 4,
  };

  it.each([
    // Was published: KEDA refuses a ScaledObject whose minimum exceeds its maximum.
    [
      { minReplicas: 50, maxReplicas: 2 },
      10_000,
      /^maxReplicas: must be at least the minimum of 50 replicas, not 2$/,
    ],
    [
      { minReplicas: 8, maxReplicas: 8 },
      2_716,
      /^minReplicas: the minimum of 8 replicas costs [\d,]+ a month, more than the monthly budget of 2,716/,
    ],
    [
      {},
      3_000,
      /^monthlyBudget: 3,000 does not cover the ceiling of 4 replicas, which costs [\d,]+ a month/,
    ],
  ])('refuses %j with a budget of %d', async (patch, budget, message) => {
    const check = await checkBudget(
      budget,
      { ...plan, ...patch },
      catalogApi,
      config,
    );
    expect(check).toEqual({
      status: 'refused',
      message: expect.stringMatching(message),
    });
  });

  it('shows the cost of the minimum and the ceiling when they fit', async () => {
    const check = await checkBudget(10_000, plan, catalogApi, config);
    expect(check).toMatchObject({ status: 'fits' });
    const fits = check as Extract<typeof check, { status: 'fits' }>;
    expect(fits.minimum).toBeCloseTo(fits.perReplica * 2);
    expect(fits.ceiling).toBeCloseTo(fits.perReplica * 4);
    expect(fits.ceilingOnDemand).toBe(false);
  });

  it('prices the ceiling of a spot/on-demand split on demand, as the sizing step does', async () => {
    const check = await checkBudget(
      100_000,
      { ...plan, spotSharePercent: 50 },
      catalogApi,
      config,
    );
    const fits = check as Extract<typeof check, { status: 'fits' }>;
    expect(fits.ceilingOnDemand).toBe(true);
    // Half on spot is cheaper per replica than every replica on demand.
    expect(fits.ceiling).toBeGreaterThan(fits.perReplica * 4);
  });

  it.each([
    // Was reported as spotShare, the action's input, not the form's field.
    [
      { lifecycle: 'production', spotSharePercent: 80 },
      /^spotSharePercent: production model serving keeps at most 50 %/,
    ],
    // Was reported as gpusPerReplica when memory was also short.
    [
      { maxModelLen: 1_000_000 },
      /^maxModelLen: 1000000 tokens exceed the model's context window of 131072$/,
    ],
  ])('refuses %j on the GPU step', async (patch, message) => {
    const fit = await checkGpuFit(1, { ...form, ...patch }, catalogApi, config);
    expect(fit).toEqual({
      status: 'refused',
      message: expect.stringMatching(message),
    });
  });
});
