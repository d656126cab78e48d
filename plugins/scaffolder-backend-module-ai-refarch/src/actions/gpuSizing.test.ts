import { rawInputContext } from './__testUtils__/rawInputContext';
import { createGpuSizingAction } from './gpuSizing';

const prices = {
  'nvidia-l4': {
    memoryGiB: 24,
    onDemandPerHour: 0.8,
    spotPerHour: 0.3,
    perNode: 8,
  },
};
const input = {
  parameters: 8030000000,
  precision: 'bf16',
  contextLength: 8192,
  concurrency: 16,
  layers: 32,
  kvHeads: 8,
  headDim: 128,
  attentionHeads: 32,
  gpuType: 'nvidia-l4',
  replicas: 2,
  spotShare: 0.7,
};

describe('ai-refarch:gpu-sizing', () => {
  const action = createGpuSizingAction({ prices });
  const context = (raw: object) => rawInputContext(action, raw);

  it('outputs the sizing with the formula and its inputs', async () => {
    const ctx = context(input);
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('kvCacheBytesPerToken', 131072);
    expect(ctx.output).toHaveBeenCalledWith('weightsGiB', 14.96);
    expect(ctx.output).toHaveBeenCalledWith('kvCacheGiB', 16);
    expect(ctx.output).toHaveBeenCalledWith('tensorParallelSize', 2);
    expect(ctx.output).toHaveBeenCalledWith('monthlyCost', 1314);
    expect(ctx.output).toHaveBeenCalledWith(
      'explanation',
      expect.arrayContaining([
        'weights = 8030000000 parameters × 2 bytes (bf16) = 14.96 GiB',
      ]),
    );
  });

  it.each([
    [{ parameters: -8 }, /^parameters: /],
    [
      { spotShare: 1.5 },
      /^spotShare: must be between 0 and 1 \(0 % to 100 %\)/,
    ],
    [{ precision: 'fp64' }, /^precision: /],
    [{ concurrency: 0 }, /^concurrency: /],
    [{ gpuType: 'nvidia-b200' }, /^gpuType: unknown GPU type "nvidia-b200"/],
    // Keys of every object's prototype are not GPU types (was: NaN GPUs and cost).
    ...['constructor', '__proto__', 'toString'].map(
      (gpuType): [object, RegExp] => [
        { gpuType },
        new RegExp(`^gpuType: unknown GPU type "${gpuType}"`),
      ],
    ),
    [
      { parameters: 405e9, layers: 126, attentionHeads: 128 },
      /^gpuType: the model needs \d+ × nvidia-l4/,
    ],
  ])(
    'refuses %j with an InputError naming the field',
    async (patch, message) => {
      const ctx = context({ ...input, ...patch });
      await expect(action.handler(ctx)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
    },
  );

  it('declares its schema for the form and the actions list', () => {
    const schema = action.schema?.input as any;
    expect(schema.properties.spotShare).toMatchObject({
      minimum: 0,
      maximum: 1,
    });
    expect(schema.required).toEqual(
      expect.arrayContaining(['parameters', 'gpuType']),
    );
  });
});
