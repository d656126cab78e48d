/**
 * Command lines for the serving runtimes, built from typed settings as lists
 * of arguments (never by joining strings), so a value can never smuggle in
 * another flag.
 */

import { RUNTIME_METRICS } from '@ai-refarch/plugin-ai-ops-common';
import { FieldError } from '../fieldError';

/**
 * The SLIs of the generated SLO rules, from the same metric names the SLO
 * card computes with (@ai-refarch/plugin-ai-ops-common).
 */
function sloMetrics(runtime: 'vllm' | 'tgi' | 'triton') {
  const m = RUNTIME_METRICS[runtime];
  return {
    availabilitySli: {
      type: 'availability',
      ...(m.requests
        ? { totalMetric: m.requests }
        : { successMetric: m.successes }),
      errorMetric: m.errors.metric,
      ...(Object.keys(m.errors.labels).length
        ? { errorLabels: m.errors.labels }
        : {}),
    },
    ttftHistogram: { name: m.ttft.metric, bucketUnit: m.ttft.unit },
  };
}

export type EngineSettings = {
  runtime: 'vllm' | 'tgi' | 'triton';
  /**
   * Hugging Face id or local path of the weights; for Triton, the path of
   * the model repository.
   */
  model: string;
  servedModelName?: string;
  tensorParallelSize: number;
  maxModelLen: number;
  maxNumSeqs: number;
  gpuMemoryUtilization: number;
  enablePrefixCaching: boolean;
  enableChunkedPrefill: boolean;
  quantization?: 'awq' | 'gptq' | 'fp8';
  dtype?: 'bfloat16' | 'float16' | 'auto';
  speculative?: { model: string; numSpeculativeTokens: number };
  port: number;
  /** OTLP/HTTP endpoint the runtime sends its request traces to. */
  otlpTracesEndpoint?: string;
  /** The model's context window; maxModelLen may not exceed it. */
  contextWindow?: number;
};

export type EngineCommand = {
  command: string[];
  args: string[];
  env: Record<string, string>;
  /** Model-configuration parameters (Triton's config.pbtxt), where the runtime takes them. */
  modelConfig: Record<string, string>;
  /** The Prometheus metric that measures the request queue, for autoscaling. */
  queueMetric: string;
  /** The runtime's request counters, as an availability SLI for ai-refarch:slo-rules. */
  availabilitySli: Record<string, unknown>;
  /** The runtime's time-to-first-token histogram and the unit of its buckets. */
  ttftHistogram: { name: string; bucketUnit: 'seconds' | 'milliseconds' };
};

export function engineCommand(s: EngineSettings): EngineCommand {
  if (s.contextWindow !== undefined && s.maxModelLen > s.contextWindow) {
    throw new FieldError(
      'maxModelLen',
      `${s.maxModelLen} tokens exceed the model's context window of ${s.contextWindow}`,
    );
  }
  switch (s.runtime) {
    case 'vllm':
      return vllm(s);
    case 'tgi':
      return tgi(s);
    case 'triton':
      return triton(s);
    default:
      throw new FieldError(
        'runtime',
        `unknown runtime "${
          (s as { runtime: string }).runtime
        }"; use vllm, tgi or triton`,
      );
  }
}

function vllm(s: EngineSettings): EngineCommand {
  const args = [
    s.model,
    '--served-model-name',
    s.servedModelName ?? s.model,
    '--tensor-parallel-size',
    String(s.tensorParallelSize),
    '--max-model-len',
    String(s.maxModelLen),
    '--max-num-seqs',
    String(s.maxNumSeqs),
    '--gpu-memory-utilization',
    String(s.gpuMemoryUtilization),
    s.enablePrefixCaching
      ? '--enable-prefix-caching'
      : '--no-enable-prefix-caching',
    s.enableChunkedPrefill
      ? '--enable-chunked-prefill'
      : '--no-enable-chunked-prefill',
    '--port',
    String(s.port),
  ];
  if (s.dtype) args.push('--dtype', s.dtype);
  if (s.quantization) args.push('--quantization', s.quantization);
  if (s.otlpTracesEndpoint) {
    args.push('--otlp-traces-endpoint', s.otlpTracesEndpoint);
  }
  if (s.speculative) {
    args.push(
      '--speculative-config',
      JSON.stringify({
        model: s.speculative.model,
        num_speculative_tokens: s.speculative.numSpeculativeTokens,
      }),
    );
  }
  return {
    command: ['vllm', 'serve'],
    args,
    env: {},
    modelConfig: {},
    queueMetric: 'vllm:num_requests_waiting',
    ...sloMetrics('vllm'),
  };
}

function tgi(s: EngineSettings): EngineCommand {
  if (s.speculative) {
    throw new FieldError(
      'speculativeDecoding',
      'TGI speculates with n-grams or Medusa heads built into the model, not with a separate draft model; use vLLM for a draft model',
    );
  }
  const args = [
    '--model-id',
    s.model,
    '--num-shard',
    String(s.tensorParallelSize),
    '--max-input-tokens',
    String(s.maxModelLen - 1),
    '--max-total-tokens',
    String(s.maxModelLen),
    '--max-concurrent-requests',
    String(s.maxNumSeqs),
    '--cuda-memory-fraction',
    String(s.gpuMemoryUtilization),
    '--port',
    String(s.port),
  ];
  if (s.dtype && s.dtype !== 'auto') args.push('--dtype', s.dtype);
  if (s.quantization) args.push('--quantize', s.quantization);
  if (s.otlpTracesEndpoint) args.push('--otlp-endpoint', s.otlpTracesEndpoint);
  return {
    command: ['text-generation-launcher'],
    args,
    // TGI 3 switches prefix caching and chunked prefill with environment variables.
    env: {
      PREFIX_CACHING: s.enablePrefixCaching ? '1' : '0',
      USE_PREFIX_CACHING: s.enablePrefixCaching ? '1' : '0',
      ...(s.enableChunkedPrefill ? {} : { DISABLE_CHUNKED_PREFILL: '1' }),
    },
    modelConfig: {},
    queueMetric: 'tgi_queue_size',
    ...sloMetrics('tgi'),
  };
}

function triton(s: EngineSettings): EngineCommand {
  if (s.speculative) {
    throw new FieldError(
      'speculativeDecoding',
      'draft-model speculative decoding needs an engine built for it with TensorRT-LLM; this golden path does not build one, so use vLLM',
    );
  }
  return {
    command: ['tritonserver'],
    args: [
      '--model-repository',
      s.model,
      '--http-port',
      String(s.port),
      '--grpc-port',
      String(s.port + 1),
      '--metrics-port',
      String(s.port + 2),
      '--metrics-config',
      'histogram_latencies=true',
      ...(s.otlpTracesEndpoint
        ? [
            '--trace-config',
            'mode=opentelemetry',
            '--trace-config',
            `opentelemetry,url=${s.otlpTracesEndpoint}`,
          ]
        : []),
    ],
    env: {},
    // TensorRT-LLM backend parameters in the model's config.pbtxt.
    modelConfig: {
      gpt_model_type: 'inflight_fused_batching',
      max_tokens_in_paged_kv_cache: String(s.maxModelLen * s.maxNumSeqs),
      kv_cache_free_gpu_mem_fraction: String(s.gpuMemoryUtilization),
      enable_kv_cache_reuse: String(s.enablePrefixCaching),
      enable_chunked_context: String(s.enableChunkedPrefill),
      max_beam_width: '1',
    },
    queueMetric: 'nv_inference_pending_request_count',
    // The TTFT histogram needs --metrics-config histogram_latencies=true (set above).
    ...sloMetrics('triton'),
  };
}
