import { createEngineArgsAction } from './engineArgs';
import { runExample } from './__testUtils__/runExample';

describe('ai-refarch:engine-args examples', () => {
  it('builds vLLM with prefix caching and a draft model', async () => {
    const out = await runExample(createEngineArgsAction(), 0);
    expect(out.command).toEqual(['vllm', 'serve']);
    expect(out.args).toEqual(
      expect.arrayContaining([
        'meta-llama/Llama-3.1-8B-Instruct',
        '--enable-prefix-caching',
        '--speculative-config',
        JSON.stringify({
          model: 'meta-llama/Llama-3.2-1B-Instruct',
          num_speculative_tokens: 4,
        }),
      ]),
    );
    expect(out.queueMetric).toBe('vllm:num_requests_waiting');
  });
});
