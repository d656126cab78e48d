import { Runtime } from './slo';

/** A histogram and the unit of its `le` buckets. @public */
export type Histogram = { metric: string; unit: 'seconds' | 'milliseconds' };

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
    ttft: { metric: 'vllm:time_to_first_token_seconds', unit: 'seconds' },
    interTokenLatency: {
      metric: 'vllm:time_per_output_token_seconds',
      unit: 'seconds',
    },
    tokens: {
      input: 'vllm:prompt_tokens_total',
      output: 'vllm:generation_tokens_total',
    },
    modelLabel: 'model_name',
  },
  tgi: {
    requests: 'tgi_request_count',
    errors: { metric: 'tgi_request_failure', labels: {} },
    // TGI has no time-to-first-token histogram; the time a request waits for
    // its prefill is the part of it that grows under load.
    ttft: { metric: 'tgi_request_queue_duration', unit: 'seconds' },
    interTokenLatency: {
      metric: 'tgi_request_mean_time_per_token_duration',
      unit: 'seconds',
    },
    tokens: {
      input: 'tgi_request_input_length_sum',
      output: 'tgi_request_generated_tokens_sum',
    },
  },
  triton: {
    successes: 'nv_inference_request_success',
    errors: { metric: 'nv_inference_request_failure', labels: {} },
    ttft: {
      metric: 'nv_inference_first_response_histogram_ms',
      unit: 'milliseconds',
    },
    modelLabel: 'model',
  },
};
