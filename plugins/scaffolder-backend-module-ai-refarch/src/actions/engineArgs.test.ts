import { rawInputContext } from './__testUtils__/rawInputContext';
import { createEngineArgsAction } from './engineArgs';

describe('ai-refarch:engine-args', () => {
  const action = createEngineArgsAction();
  const context = (raw: object) => rawInputContext(action, raw);
  const input = {
    runtime: 'vllm',
    model: 'meta-llama/Llama-3.1-8B-Instruct',
    tensorParallelSize: 1,
    maxModelLen: 16384,
    maxNumSeqs: 64,
  };

  it('outputs the command line with defaults applied', async () => {
    const ctx = context(input);
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('command', ['vllm', 'serve']);
    expect(ctx.output).toHaveBeenCalledWith(
      'args',
      expect.arrayContaining([
        '--gpu-memory-utilization',
        '0.9',
        '--enable-prefix-caching',
        '--port',
        '8000',
      ]),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'queueMetric',
      'vllm:num_requests_waiting',
    );
  });

  it.each([
    [{ runtime: 'llama.cpp' }, /^runtime: /],
    [{ model: 'x; rm -rf /' }, /^model: must be a Hugging Face id or a path/],
    [{ tensorParallelSize: 0 }, /^tensorParallelSize: /],
    [{ gpuMemoryUtilization: 1.2 }, /^gpuMemoryUtilization: /],
    [
      { otlpTracesEndpoint: 'phoenix:6006 --enforce-eager' },
      /^otlpTracesEndpoint: must be an http\(s\) URL/,
    ],
    [
      {
        runtime: 'tgi',
        speculative: { model: 'draft', numSpeculativeTokens: 4 },
      },
      /^speculativeDecoding: TGI speculates/,
    ],
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
