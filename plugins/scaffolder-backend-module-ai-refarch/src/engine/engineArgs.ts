/**
 * Command lines for the serving runtimes, built from typed settings as lists
 * of arguments (never by joining strings), so a value can never smuggle in
 * another flag.
 */

import { ServingEngine } from '@ai-refarch/plugin-ai-model-common';
import { RUNTIME_METRICS } from '@ai-refarch/plugin-ai-ops-common';
import { FieldError } from '../fieldError';

/**
 * The SLIs of the generated SLO rules, from the same metric names the SLO
 * card computes with (@ai-refarch/plugin-ai-ops-common).
 */
function sloMetrics(runtime: ServingEngine) {
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
    ttftHistogram: {
      name: m.ttft.metric,
      bucketUnit: m.ttft.unit,
      buckets: [...(m.ttft.buckets ?? [])],
    },
  };
}

export type EngineSettings = {
  runtime: ServingEngine;
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
  /** OTLP endpoint the runtime sends its request traces to. */
  otlpTracesEndpoint?: string;
  /** The endpoint's OTLP protocol; OTLP/HTTP unless said otherwise. */
  otlpProtocol?: 'http/protobuf' | 'grpc';
  /** The back end that stores the traces, behind the endpoint. */
  tracingBackend?: TracingBackend;
  /** The model's context window; maxModelLen may not exceed it. */
  contextWindow?: number;
};

export type EngineCommand = {
  command: string[];
  args: string[];
  env: Record<string, string>;
  /** Triton only: what the start-up step builds (engine, model repository). */
  tritonBuild?: TritonBuild;
  /** The Prometheus metric that measures the request queue, for autoscaling. */
  queueMetric: string;
  /** The runtime's request counters, as an availability SLI for ai-refarch:slo-rules. */
  availabilitySli: Record<string, unknown>;
  /** The runtime's time-to-first-token histogram and the unit of its buckets. */
  ttftHistogram: {
    name: string;
    bucketUnit: 'seconds' | 'milliseconds';
    /** Its `le` labels as the runtime exports them. */
    buckets: string[];
  };
};

/** Where a model server's traces are stored. */
export type TracingBackend =
  | 'langfuse'
  | 'phoenix'
  | 'langsmith'
  | 'opentelemetry';

/**
 * The trace back ends that take OTLP over HTTP only:
 * Langfuse's endpoint is `/api/public/otel/v1/traces`, with no gRPC
 * (langfuse.com/docs/opentelemetry/get-started); LangSmith's is
 * `/otel/v1/traces` (docs.smith.langchain.com, "Trace with OpenTelemetry").
 * Phoenix takes both (gRPC on 4317, HTTP on 6006 at `/v1/traces`).
 */
const HTTP_ONLY: Partial<
  Record<TracingBackend, { title: string; path: string }>
> = {
  langfuse: { title: 'Langfuse', path: '/api/public/otel/v1/traces' },
  langsmith: { title: 'LangSmith', path: '/otel/v1/traces' },
};

/**
 * The endpoint fits its back end and protocol. An OTLP/HTTP traces
 * endpoint is used as given, without `/v1/traces` appended (the
 * OpenTelemetry specification's OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; vLLM's
 * --otlp-traces-endpoint and Triton's url are passed to the exporter so).
 */
function checkTracing(s: EngineSettings) {
  if (!s.otlpTracesEndpoint) return;
  const http = (s.otlpProtocol ?? 'http/protobuf') !== 'grpc';
  const only = s.tracingBackend && HTTP_ONLY[s.tracingBackend];
  if (only && !http) {
    throw new FieldError(
      'tracingProtocol',
      `${only.title} takes traces over OTLP/HTTP only, at …${only.path}${
        s.runtime === 'tgi'
          ? `; TGI exports over gRPC only, so send its traces to an OpenTelemetry collector (Tracing: Another OpenTelemetry collector) that exports them to ${only.title}`
          : '; choose HTTP'
      }`,
    );
  }
  if (http && s.runtime !== 'tgi') {
    const { pathname } = new URL(s.otlpTracesEndpoint);
    const expected = only?.path ?? '/v1/traces';
    if (!pathname.endsWith(expected)) {
      throw new FieldError(
        'tracingEndpoint',
        `an OTLP/HTTP traces endpoint is used as given, so it ends in ${expected}${
          only ? ` for ${only.title}` : ''
        }: ${s.otlpTracesEndpoint} does not`,
      );
    }
  }
}

export function engineCommand(s: EngineSettings): EngineCommand {
  if (s.contextWindow !== undefined && s.maxModelLen > s.contextWindow) {
    throw new FieldError(
      'maxModelLen',
      `${s.maxModelLen} tokens exceed the model's context window of ${s.contextWindow}`,
    );
  }
  checkTracing(s);
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
  const env: Record<string, string> = {};
  if (s.otlpTracesEndpoint) {
    // The v0.8.5 image has the OpenTelemetry packages (requirements/common.txt
    // installs them since vllm-project/vllm#15224; #7679 and #9340 were about
    // older images), exports over gRPC unless told otherwise (vllm/tracing.py),
    // and serves a traced model on its V0 engine (arg_utils.py: V1 has no OTLP).
    args.push('--otlp-traces-endpoint', s.otlpTracesEndpoint);
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL = s.otlpProtocol ?? 'http/protobuf';
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
    env,
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
  // "This option cannot be used with --quantize" (TGI 3.3.0 launcher docs).
  if (s.quantization) args.push('--quantize', s.quantization);
  else if (s.dtype && s.dtype !== 'auto') args.push('--dtype', s.dtype);
  if (s.otlpTracesEndpoint) {
    if ((s.otlpProtocol ?? 'http/protobuf') !== 'grpc') {
      throw new FieldError(
        'tracingProtocol',
        "TGI 3.3.0 exports traces over OTLP/gRPC only; give the collector's gRPC endpoint (port 4317) and choose gRPC",
      );
    }
    args.push('--otlp-endpoint', s.otlpTracesEndpoint);
  }
  return {
    command: ['text-generation-launcher'],
    args,
    // TGI 3.3.0 reads PREFIX_CACHING in the launcher and PREFILL_CHUNKING in
    // the server (server/text_generation_server/models/globals.py).
    env: {
      PREFIX_CACHING: s.enablePrefixCaching ? '1' : '0',
      PREFILL_CHUNKING: s.enableChunkedPrefill ? '1' : '0',
    },
    queueMetric: 'tgi_queue_size',
    ...sloMetrics('tgi'),
  };
}

/**
 * Triton's TensorRT-LLM backend serves a compiled engine, not Hugging Face
 * weights. At start-up the server container runs build_and_serve.py (the
 * ConfigMap beside the Deployment), which follows the backend's documented
 * workflow at v0.17.0 (docs/llama.md): build the engine with the chosen
 * tensor parallelism, lay out the inflight_batcher_llm model repository
 * (preprocessing → tensorrt_llm → postprocessing, one ensemble), fill its
 * config.pbtxt templates with tools/fill_template.py, then exec tritonserver.
 */
export const TRTLLM_BACKEND = {
  repository: 'triton-inference-server/tensorrtllm_backend',
  tag: 'v0.17.0',
  commit: '368eea9b13481a342caec025022c08c37ab816e8',
} as const;

/** The files build_and_serve.py fetches from the backend at that commit, with their git blob ids. */
export const TRTLLM_BACKEND_FILES: Record<string, string> = {
  'tools/fill_template.py': '86716f3150447a46d386c773cd7437fc8a5429c8',
  'all_models/inflight_batcher_llm/ensemble/config.pbtxt':
    'f16d1b66478c39df4ff34475e565e4e243101e59',
  'all_models/inflight_batcher_llm/preprocessing/config.pbtxt':
    '8d6b03bc3276eeec6d4e682fac26f9ed4967e8b4',
  'all_models/inflight_batcher_llm/preprocessing/1/model.py':
    'f48efe4a6f94d69b4d10defd246d031f3d42bef8',
  'all_models/inflight_batcher_llm/postprocessing/config.pbtxt':
    '9f3655ef4d78fc0631db9899c03041300f86b00f',
  'all_models/inflight_batcher_llm/postprocessing/1/model.py':
    '518f087ae4953bafbe120c7f995b2f89a93a8350',
  'all_models/inflight_batcher_llm/tensorrt_llm/config.pbtxt':
    '45938d5a72df5193e316ad28bf6c374a66f659ce',
};

/** What build_and_serve.py reads (settings.json in the ConfigMap). */
export type TritonBuild = {
  /** Where the weights and tokenizer are (the storage initializer's target). */
  hfDir: string;
  /** Scratch directory for the backend files, the engine and the model repository. */
  workDir: string;
  backend: typeof TRTLLM_BACKEND & { files: Record<string, string> };
  /** tensorrt_llm.LLM arguments and BuildConfig fields. */
  llm: { tensor_parallel_size: number; dtype: string };
  build: {
    max_batch_size: number;
    max_seq_len: number;
    max_input_len: number;
    max_num_tokens: number;
  };
  /** PluginConfig settings the runtime options need at build time. */
  plugins: Record<string, boolean>;
  /** fill_template.py substitutions per model of the repository. */
  models: Record<string, Record<string, string>>;
};

function triton(s: EngineSettings): EngineCommand {
  if (s.otlpTracesEndpoint && s.otlpProtocol === 'grpc') {
    throw new FieldError(
      'tracingProtocol',
      "Triton 25.01 exports traces over OTLP/HTTP only; give the collector's HTTP traces URL (port 4318, /v1/traces) and choose HTTP",
    );
  }
  if (s.speculative) {
    throw new FieldError(
      'speculativeDecoding',
      'draft-model speculative decoding needs an engine built for it with TensorRT-LLM; this golden path does not build one, so use vLLM',
    );
  }
  if (s.quantization) {
    throw new FieldError(
      'quantization',
      `this golden path builds TensorRT-LLM engines from bf16 or fp16 Hugging Face weights; ${s.quantization} needs TensorRT-LLM's quantization step, so serve ${s.quantization} weights with vLLM`,
    );
  }
  const tp = s.tensorParallelSize;
  const workDir = '/work';
  const engineDir = `${workDir}/engine`;
  // Without chunked context a prompt must fit in one step's token budget.
  const maxNumTokens = s.enableChunkedPrefill
    ? Math.min(8192, s.maxModelLen)
    : s.maxModelLen;
  const build: TritonBuild = {
    hfDir: s.model,
    workDir,
    backend: { ...TRTLLM_BACKEND, files: TRTLLM_BACKEND_FILES },
    llm: { tensor_parallel_size: tp, dtype: s.dtype ?? 'auto' },
    build: {
      max_batch_size: s.maxNumSeqs,
      max_seq_len: s.maxModelLen,
      max_input_len: s.maxModelLen,
      max_num_tokens: maxNumTokens,
    },
    // KV-cache reuse and chunked context both need paged context FMHA in
    // the engine (TensorRT-LLM docs: kv_cache_reuse.md, gpt_attention.md).
    plugins: {
      use_paged_context_fmha: s.enablePrefixCaching || s.enableChunkedPrefill,
    },
    // The substitutions of docs/llama.md at v0.17.0; decoupled, so TTFT is
    // measured and clients stream from /v2/models/ensemble/generate_stream.
    models: {
      preprocessing: {
        tokenizer_dir: s.model,
        triton_max_batch_size: String(s.maxNumSeqs),
        preprocessing_instance_count: '1',
      },
      postprocessing: {
        tokenizer_dir: s.model,
        triton_max_batch_size: String(s.maxNumSeqs),
        postprocessing_instance_count: '1',
      },
      tensorrt_llm: {
        triton_backend: 'tensorrtllm',
        triton_max_batch_size: String(s.maxNumSeqs),
        decoupled_mode: 'True',
        max_beam_width: '1',
        engine_dir: engineDir,
        max_tokens_in_paged_kv_cache: String(s.maxModelLen * s.maxNumSeqs),
        kv_cache_free_gpu_mem_fraction: String(s.gpuMemoryUtilization),
        exclude_input_in_output: 'True',
        enable_kv_cache_reuse: s.enablePrefixCaching ? 'True' : 'False',
        enable_chunked_context: s.enableChunkedPrefill ? 'True' : 'False',
        batching_strategy: 'inflight_fused_batching',
        max_queue_delay_microseconds: '0',
        encoder_input_features_data_type: 'TYPE_FP16',
        logits_datatype: 'TYPE_FP32',
      },
      ensemble: {
        triton_max_batch_size: String(s.maxNumSeqs),
        logits_datatype: 'TYPE_FP32',
      },
    },
  };
  return {
    command: [
      'python3',
      '/etc/ai-refarch/triton/build_and_serve.py',
      '/etc/ai-refarch/triton/settings.json',
      '--',
      'tritonserver',
    ],
    args: [
      '--model-repository',
      `${workDir}/repo`,
      '--http-port',
      String(s.port),
      '--grpc-port',
      String(s.port + 1),
      '--metrics-port',
      String(s.port + 2),
      '--metrics-config',
      'histogram_latencies=true',
      // As scripts/launch_triton_server.py (v0.17.0) starts each server.
      '--disable-auto-complete-config',
      '--backend-config',
      'python,shm-region-prefix-name=prefix0_',
      // More than one GPU: orchestrator mode, one server process that spawns
      // a worker per GPU (README "Orchestrator Mode"; launch_triton_server.py
      // --multi-model sets these flags and TRTLLM_ORCHESTRATOR).
      ...(tp > 1
        ? [
            '--pinned-memory-pool-byte-size',
            '0',
            '--enable-peer-access',
            'false',
            ...Array.from({ length: tp }, (_, gpu) => [
              '--cuda-memory-pool-byte-size',
              `${gpu}:0`,
            ]).flat(),
          ]
        : []),
      // One setting per flag; the level is OFF and the rate 1 in 1000 unless
      // set (docs/user_guide/trace.md, r25.01). OTLP/HTTP only.
      ...(s.otlpTracesEndpoint
        ? [
            '--trace-config',
            'mode=opentelemetry',
            '--trace-config',
            'level=TIMESTAMPS',
            '--trace-config',
            'rate=1',
            '--trace-config',
            `opentelemetry,url=${s.otlpTracesEndpoint}`,
          ]
        : []),
    ],
    env:
      tp > 1
        ? { TRTLLM_ORCHESTRATOR: '1', TRTLLM_ORCHESTRATOR_SPAWN_PROCESSES: '1' }
        : {},
    tritonBuild: build,
    queueMetric: 'nv_inference_pending_request_count',
    // The TTFT histogram needs --metrics-config histogram_latencies=true (set above).
    ...sloMetrics('triton'),
  };
}
