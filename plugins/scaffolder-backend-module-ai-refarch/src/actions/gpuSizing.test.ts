import { ConfigReader } from '@backstage/config';
import { servingPolicy } from '@ai-refarch/plugin-ai-scorecard-common';
import { loadRuleSet } from '@ai-refarch/plugin-ai-scorecard-node';
import { rawInputContext } from './__testUtils__/rawInputContext';
import { exampleInput } from './__testUtils__/runExample';
import { createGpuSizingAction } from './gpuSizing';

const prices = {
  'nvidia-l4': {
    memoryGiB: 24,
    onDemandPerHour: 0.8,
    spotPerHour: 0.3,
    perNode: 8,
  },
};
// The documented example: Llama 3.1 8B at bf16 on L4s, 70 % spot.
const input = exampleInput(createGpuSizingAction({ prices }));

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

describe('ai-refarch:gpu-sizing with the platform rule set', () => {
  const SPOT = 'gpu-cluster-topology.spot-share';
  const actionWith = (scorecard: object) =>
    createGpuSizingAction({
      prices,
      policy: servingPolicy(
        loadRuleSet(new ConfigReader({ aiScorecard: scorecard })),
      ),
    });
  const production = { ...input, lifecycle: 'production' };

  it("refuses a production spot share above the rule set's threshold, as the scorecard would fail it", async () => {
    const reference = actionWith({});
    await expect(
      reference.handler(rawInputContext(reference, production)),
    ).rejects.toThrow(
      'spotShare: production model serving keeps at most 50 % of its replicas on spot capacity, not 70 %',
    );
    const stricter = actionWith({
      rules: {
        overrides: {
          [SPOT]: { threshold: { value: 0.25, min: 0, max: 0.25 } },
        },
      },
    });
    await expect(
      stricter.handler(
        rawInputContext(stricter, { ...production, spotShare: 0.4 }),
      ),
    ).rejects.toThrow(
      'keeps at most 25 % of its replicas on spot capacity, not 40 %',
    );
  });

  it('refuses fewer production replicas than the zones the live-zones rule asks for', async () => {
    const reference = actionWith({});
    await expect(
      reference.handler(
        rawInputContext(reference, {
          ...production,
          spotShare: 0,
          replicas: 1,
        }),
      ),
    ).rejects.toThrow(
      'replicas: production model serving runs at least 2 replicas, so that they sit in 2 zones, not 1',
    );
    const experimental = rawInputContext(reference, {
      ...input,
      lifecycle: 'experimental',
      replicas: 1,
    });
    await reference.handler(experimental);
    expect(experimental.output).toHaveBeenCalledWith('tensorParallelSize', 2);
  });

  it('follows a looser limit from app-config, and sets none when the rule is switched off', async () => {
    const looser = actionWith({
      rules: {
        overrides: {
          [SPOT]: { threshold: { value: 0.75, min: 0, max: 0.75 } },
        },
      },
    });
    const ctx = rawInputContext(looser, production);
    await looser.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('tensorParallelSize', 2);
    const off = actionWith({ rules: { disabled: [SPOT] } });
    const all = rawInputContext(off, { ...production, spotShare: 1 });
    await off.handler(all);
    expect(all.output).toHaveBeenCalledWith('tensorParallelSize', 2);
  });
});
