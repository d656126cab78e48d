import { engineCommand, EngineSettings } from './engineArgs';

const base: EngineSettings = {
  runtime: 'vllm',
  model: 'meta-llama/Llama-3.1-8B-Instruct',
  tensorParallelSize: 2,
  maxModelLen: 32768,
  maxNumSeqs: 128,
  gpuMemoryUtilization: 0.9,
  enablePrefixCaching: true,
  enableChunkedPrefill: true,
  port: 8000,
};

describe('engineCommand', () => {
  it('builds vLLM arguments from the settings', () => {
    const c = engineCommand({
      ...base,
      speculative: {
        model: 'meta-llama/Llama-3.2-1B',
        numSpeculativeTokens: 5,
      },
      quantization: 'awq',
    });
    expect(c.command).toEqual(['vllm', 'serve']);
    expect(c.args).toEqual([
      'meta-llama/Llama-3.1-8B-Instruct',
      '--served-model-name',
      'meta-llama/Llama-3.1-8B-Instruct',
      '--tensor-parallel-size',
      '2',
      '--max-model-len',
      '32768',
      '--max-num-seqs',
      '128',
      '--gpu-memory-utilization',
      '0.9',
      '--enable-prefix-caching',
      '--enable-chunked-prefill',
      '--port',
      '8000',
      '--quantization',
      'awq',
      '--speculative-config',
      '{"model":"meta-llama/Llama-3.2-1B","num_speculative_tokens":5}',
    ]);
    expect(c.queueMetric).toBe('vllm:num_requests_waiting');
  });

  it('keeps a hostile value inside one argument', () => {
    const c = engineCommand({
      ...base,
      servedModelName: 'x --trust-remote-code',
    });
    expect(c.args).toContain('x --trust-remote-code');
    expect(c.args).not.toContain('--trust-remote-code');
  });

  it('turns prefix caching off explicitly', () => {
    const c = engineCommand({
      ...base,
      enablePrefixCaching: false,
      enableChunkedPrefill: false,
    });
    expect(c.args).toEqual(
      expect.arrayContaining([
        '--no-enable-prefix-caching',
        '--no-enable-chunked-prefill',
      ]),
    );
  });

  it('builds TGI arguments and environment', () => {
    const c = engineCommand({
      ...base,
      runtime: 'tgi',
      enablePrefixCaching: false,
    });
    expect(c.command).toEqual(['text-generation-launcher']);
    expect(c.args).toEqual(
      expect.arrayContaining([
        '--num-shard',
        '2',
        '--max-total-tokens',
        '32768',
        '--max-input-tokens',
        '32767',
        '--max-concurrent-requests',
        '128',
      ]),
    );
    expect(c.env).toEqual({ PREFIX_CACHING: '0', USE_PREFIX_CACHING: '0' });
    expect(c.queueMetric).toBe('tgi_queue_size');
  });

  it('builds Triton arguments and TensorRT-LLM model parameters', () => {
    const c = engineCommand({
      ...base,
      runtime: 'triton',
      model: '/models',
      maxNumSeqs: 64,
      maxModelLen: 8192,
    });
    expect(c.args).toEqual([
      '--model-repository',
      '/models',
      '--http-port',
      '8000',
      '--grpc-port',
      '8001',
      '--metrics-port',
      '8002',
      '--metrics-config',
      'histogram_latencies=true',
    ]);
    expect(c.modelConfig).toMatchObject({
      enable_kv_cache_reuse: 'true',
      max_tokens_in_paged_kv_cache: '524288',
      kv_cache_free_gpu_mem_fraction: '0.9',
    });
    expect(c.queueMetric).toBe('nv_inference_pending_request_count');
  });

  it.each(['tgi', 'triton'] as const)(
    'refuses draft-model speculative decoding on %s, naming the field',
    runtime => {
      expect(() =>
        engineCommand({
          ...base,
          runtime,
          speculative: { model: 'draft', numSpeculativeTokens: 4 },
        }),
      ).toThrow(/^speculativeDecoding: /);
    },
  );

  it.each([
    ['vllm', ['--otlp-traces-endpoint', 'http://phoenix:6006/v1/traces']],
    ['tgi', ['--otlp-endpoint', 'http://phoenix:6006/v1/traces']],
    [
      'triton',
      [
        '--trace-config',
        'mode=opentelemetry',
        '--trace-config',
        'opentelemetry,url=http://phoenix:6006/v1/traces',
      ],
    ],
  ] as const)('sends %s traces to the OTLP endpoint', (runtime, expected) => {
    const { args } = engineCommand({
      ...base,
      runtime,
      otlpTracesEndpoint: 'http://phoenix:6006/v1/traces',
    });
    const at = args.indexOf(expected[0]);
    expect(args.slice(at, at + expected.length)).toEqual(expected);
  });

  it("refuses a maximum model length beyond the model's context window", () => {
    expect(() =>
      engineCommand({ ...base, maxModelLen: 200_000, contextWindow: 131_072 }),
    ).toThrow(
      "maxModelLen: 200000 tokens exceed the model's context window of 131072",
    );
  });

  it('refuses an unknown runtime', () => {
    expect(() =>
      engineCommand({ ...base, runtime: 'llama.cpp' as never }),
    ).toThrow('runtime: unknown runtime "llama.cpp"; use vllm, tgi or triton');
  });
});
