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
    expect(c.env).toEqual({ PREFIX_CACHING: '0', PREFILL_CHUNKING: '1' });
    expect(c.queueMetric).toBe('tgi_queue_size');
  });

  it('starts Triton through the engine build, on one GPU without the orchestrator', () => {
    const c = engineCommand({
      ...base,
      runtime: 'triton',
      model: '/models/hf',
      tensorParallelSize: 1,
      maxNumSeqs: 64,
      maxModelLen: 8192,
    });
    expect(c.command).toEqual([
      'python3',
      '/etc/ai-refarch/triton/build_and_serve.py',
      '/etc/ai-refarch/triton/settings.json',
      '--',
      'tritonserver',
    ]);
    expect(c.args).toEqual([
      '--model-repository',
      '/work/repo',
      '--http-port',
      '8000',
      '--grpc-port',
      '8001',
      '--metrics-port',
      '8002',
      '--metrics-config',
      'histogram_latencies=true',
      '--disable-auto-complete-config',
      '--backend-config',
      'python,shm-region-prefix-name=prefix0_',
    ]);
    expect(c.env).toEqual({});
    expect(c.tritonBuild).toMatchObject({
      hfDir: '/models/hf',
      llm: { tensor_parallel_size: 1, dtype: 'auto' },
      build: {
        max_batch_size: 64,
        max_seq_len: 8192,
        max_input_len: 8192,
        max_num_tokens: 8192,
      },
      plugins: { use_paged_context_fmha: true },
    });
    expect(c.tritonBuild?.models.tensorrt_llm).toMatchObject({
      engine_dir: '/work/engine',
      enable_kv_cache_reuse: 'True',
      max_tokens_in_paged_kv_cache: '524288',
      kv_cache_free_gpu_mem_fraction: '0.9',
    });
    expect(c.tritonBuild?.models.preprocessing.tokenizer_dir).toBe(
      '/models/hf',
    );
    expect(c.queueMetric).toBe('nv_inference_pending_request_count');
  });

  it('runs Triton in orchestrator mode with one memory pool flag per GPU when tensor parallel', () => {
    const c = engineCommand({
      ...base,
      runtime: 'triton',
      tensorParallelSize: 2,
    });
    expect(c.env).toEqual({
      TRTLLM_ORCHESTRATOR: '1',
      TRTLLM_ORCHESTRATOR_SPAWN_PROCESSES: '1',
    });
    expect(c.args.join(' ')).toContain(
      '--pinned-memory-pool-byte-size 0 --enable-peer-access false --cuda-memory-pool-byte-size 0:0 --cuda-memory-pool-byte-size 1:0',
    );
    expect(c.tritonBuild?.llm.tensor_parallel_size).toBe(2);
  });

  it('refuses quantized weights on Triton, naming the field', () => {
    expect(() =>
      engineCommand({ ...base, runtime: 'triton', quantization: 'awq' }),
    ).toThrow(/^quantization: /);
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
        'level=TIMESTAMPS',
        '--trace-config',
        'rate=1',
        '--trace-config',
        'opentelemetry,url=http://phoenix:6006/v1/traces',
      ],
    ],
  ] as const)('sends %s traces to the OTLP endpoint', (runtime, expected) => {
    const { args } = engineCommand({
      ...base,
      runtime,
      otlpTracesEndpoint: 'http://phoenix:6006/v1/traces',
      // TGI exports over gRPC only
      otlpProtocol: runtime === 'tgi' ? 'grpc' : 'http/protobuf',
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
