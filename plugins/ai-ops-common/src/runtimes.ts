import { Runtime } from './slo';

/** A histogram and the unit of its `le` buckets. @public */
export type Histogram = {
  metric: string;
  unit: 'seconds' | 'milliseconds';
  /**
   * The `le` values the runtime exports by default, as it writes them: a
   * query must name a bucket exactly (`le="1.0"` from vLLM, not `le="1"`).
   */
  buckets?: readonly string[];
};

/** vLLM renders its bucket bounds with Python's repr of a float: 1.0, 0.25. */
const pythonFloats = (values: number[]) =>
  values.map(v => (Number.isInteger(v) ? v.toFixed(1) : String(v)));

/**
 * TGI's router gives every `*_duration` histogram 35 buckets, starting at
 * 0.0001 and multiplying by 1.5 before each, written with Rust's `Display`
 * for f64 (the shortest digits that round-trip, as JavaScript's `String`).
 * https://github.com/huggingface/text-generation-inference/blob/v3.3.0/router/src/server.rs
 */
const TGI_DURATION_BUCKETS: readonly string[] = (() => {
  const buckets: string[] = [];
  let value = 0.0001;
  for (let i = 0; i < 35; i++) {
    value *= 1.5;
    buckets.push(String(value));
  }
  return buckets;
})();

/** The metrics of one serving runtime. @public */
export type RuntimeMetrics = {
  /** A counter of all requests; when absent, successes + errors. */
  requests?: string;
  successes?: string;
  /** A counter of failed requests, optionally selected by label regexes. */
  errors: { metric: string; labels: Record<string, string> };
  ttft: Histogram;
  interTokenLatency?: Histogram;
  /** Counters of prompt and generated tokens. */
  tokens?: { input: string; output: string };
  /**
   * Counters of the seconds spent in prefill (reading the input) and in
   * decode (generating the output), optionally selected by label values:
   * the cost service splits GPU cost between input and output tokens by
   * them.
   */
  phases?: {
    prefill: { metric: string; labels: Record<string, string> };
    decode: { metric: string; labels: Record<string, string> };
  };
  /** The label that carries the served model's name. */
  modelLabel?: string;
};

/**
 * The runtimes' own metric names, the defaults of the SLO and cost back end
 * and the names the golden paths build their SLO rules from: vLLM's OpenAI server (HTTP metrics from
 * prometheus-fastapi-instrumentator), TGI's router, and Triton with
 * `--metrics-config histogram_latencies=true`. @public
 */
export const RUNTIME_METRICS: Record<Runtime, RuntimeMetrics> = {
  vllm: {
    requests: 'http_requests_total',
    errors: { metric: 'http_requests_total', labels: { status: '5..' } },
    // vLLM v0.8.5, vllm/engine/metrics.py (and vllm/v1/metrics/loggers.py).
    ttft: {
      metric: 'vllm:time_to_first_token_seconds',
      unit: 'seconds',
      buckets: pythonFloats([
        0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1,
        2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560,
      ]),
    },
    interTokenLatency: {
      metric: 'vllm:time_per_output_token_seconds',
      unit: 'seconds',
      buckets: pythonFloats([
        0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5,
        5, 7.5, 10, 20, 40, 80,
      ]),
    },
    tokens: {
      input: 'vllm:prompt_tokens_total',
      output: 'vllm:generation_tokens_total',
    },
    // The time each request spent in the prefill and decode phases
    // (histograms; vllm/engine/metrics.py and the V1 engine's loggers.py).
    phases: {
      prefill: { metric: 'vllm:request_prefill_time_seconds_sum', labels: {} },
      decode: { metric: 'vllm:request_decode_time_seconds_sum', labels: {} },
    },
    modelLabel: 'model_name',
  },
  tgi: {
    requests: 'tgi_request_count',
    errors: { metric: 'tgi_request_failure', labels: {} },
    // TGI has no time-to-first-token histogram; the time a request waits for
    // its prefill is the part of it that grows under load.
    ttft: {
      metric: 'tgi_request_queue_duration',
      unit: 'seconds',
      buckets: TGI_DURATION_BUCKETS,
    },
    interTokenLatency: {
      metric: 'tgi_request_mean_time_per_token_duration',
      unit: 'seconds',
      buckets: TGI_DURATION_BUCKETS,
    },
    tokens: {
      input: 'tgi_request_input_length_sum',
      output: 'tgi_request_generated_tokens_sum',
    },
    // The batches' forward passes per method, prefill or decode
    // (https://huggingface.co/docs/text-generation-inference/reference/metrics).
    phases: {
      prefill: {
        metric: 'tgi_batch_forward_duration_sum',
        labels: { method: 'prefill' },
      },
      decode: {
        metric: 'tgi_batch_forward_duration_sum',
        labels: { method: 'decode' },
      },
    },
  },
  triton: {
    successes: 'nv_inference_request_success',
    errors: { metric: 'nv_inference_request_failure', labels: {} },
    // Triton 25.01 (core src/metric_model_reporter.h): decoupled models,
    // with --metrics-config histogram_latencies=true; milliseconds.
    ttft: {
      metric: 'nv_inference_first_response_histogram_ms',
      unit: 'milliseconds',
      buckets: ['100', '500', '2000', '5000'],
    },
    modelLabel: 'model',
  },
};
