import { HumanDuration } from '@backstage/types';

/** A histogram and the unit of its `le` buckets. */
interface HistogramConfig {
  metric?: string;
  unit?: 'seconds' | 'milliseconds';
  /**
   * Its `le` labels exactly as exported (e.g. vLLM writes 1.0); defaults to
   * the runtime's own buckets when the metric is the default one.
   */
  buckets?: string[];
}

/** Metric names of one serving runtime; each replaces the default. */
interface RuntimeMetricsConfig {
  /** Counter of all requests (vLLM: http_requests_total; TGI: tgi_request_count). */
  requests?: string;
  /** Counter of successful requests, when there is no total (Triton: nv_inference_request_success). */
  successes?: string;
  /** Counter of failed requests and label regexes that pick errors out of it. */
  errors?: { metric?: string; labels?: { [label: string]: string } };
  ttft?: HistogramConfig;
  interTokenLatency?: HistogramConfig;
  /** Counters of prompt and generated tokens. */
  tokens?: { input: string; output: string };
  /**
   * Counters of the seconds spent in prefill and in decode, each optionally
   * selected by label values, to split GPU cost between input and output
   * tokens (vLLM: vllm:request_prefill_time_seconds_sum and
   * vllm:request_decode_time_seconds_sum; TGI: tgi_batch_forward_duration_sum
   * with method prefill and decode).
   */
  phases?: {
    prefill: { metric: string; labels?: { [label: string]: string } };
    decode: { metric: string; labels?: { [label: string]: string } };
  };
  /** The label that carries the served model's name. */
  modelLabel?: string;
}

export interface Config {
  /** Cost and SLO reports for AI services and models. */
  aiOps?: {
    /** ISO 4217 currency of the price tables. Default USD. */
    currency?: string;
    /**
     * Prices per instance-hour of GPU instance types (e.g. g6.12xlarge), for
     * nodes whose GPU type is not labelled; per GPU-hour they count as the
     * price divided by gpus. GPU types are priced in aiRefarch.gpuPrices.
     */
    instancePrices?: {
      [instanceType: string]: {
        onDemandPerHour: number;
        spotPerHour: number;
        gpus: number;
      };
    };
    /** How long a computed report is served from the cache. Default 5 minutes. */
    cacheTtl?: HumanDuration | string;
    /**
     * The range-query answers of complete past UTC days, kept in memory so
     * that a 30-day cost asks Prometheus only for today's part once the
     * days before have been asked for.
     */
    dayCache?: {
      /** Memory for them, 9 bytes a step (a 15-minute step is 96 a day). Default 32; 0 turns the cache off. */
      maxMegabytes?: number;
      /** How long after a day's last step its answer is taken as final (late samples). Default 15 minutes. */
      settle?: HumanDuration | string;
      /** How long a day's answer is kept at most, for history backfilled later. Default 6 hours. */
      maxAge?: HumanDuration | string;
    };
    prometheus?: {
      /** The data source of entities without ai-refarch.io/prometheus-source; default the only one. */
      default?: string;
      /** Prometheus data sources by id. URLs come from here only, never from entities. */
      sources?: {
        [id: string]: {
          /** e.g. http://prometheus.monitoring:9090 */
          baseUrl: string;
          /** Shown on the cards. */
          title?: string;
          /** Synthetic demo history: the cards label it as demo data. */
          demo?: boolean;
          /** Per request. Default 10 seconds. */
          timeout?: HumanDuration | string;
          /** A bearer token, or a user name and password (basic auth). */
          auth?: {
            /** @visibility secret */
            bearerToken?: string;
            username?: string;
            /** @visibility secret */
            password?: string;
          };
          /** The tenant of a multi-tenant store (Mimir, Cortex, Thanos Receive), sent as X-Scope-OrgID. */
          tenantId?: string;
          /**
           * More request headers, e.g. a gateway's API key.
           * @deepVisibility secret
           */
          headers?: { [name: string]: string };
          /** The label that names a workload in serving metrics; its value is backstage.io/kubernetes-id or the entity name. Default service. */
          workloadLabel?: string;
          runtimes?: {
            vllm?: RuntimeMetricsConfig;
            tgi?: RuntimeMetricsConfig;
            triton?: RuntimeMetricsConfig;
          };
          /** kube-state-metrics: GPU requests of the entity's pods and their nodes' labels. */
          kubeStateMetrics?: {
            /** Default kube_pod_container_resource_requests. */
            gpuRequests?: string;
            /** The resource label value of GPUs. Default nvidia_com_gpu. */
            gpuResource?: string;
            /** Default kube_pod_labels. */
            podLabels?: string;
            /** kube_pod_labels' label for the pod label backstage.io/kubernetes-id. Default label_backstage_io_kubernetes_id. */
            workloadPodLabel?: string;
            /** Pods to their owners, for clusters that export no pod labels. Default kube_pod_owner. */
            podOwner?: string;
            /** ReplicaSets to their Deployments. Default kube_replicaset_owner. */
            replicaSetOwner?: string;
            /** Default kube_node_labels. */
            nodeLabels?: string;
            /** The node label that says spot or on-demand. Default label_ai_refarch_io_capacity (the GPU cluster golden path's node label ai-refarch.io/capacity); label_karpenter_sh_capacity_type for Karpenter's. */
            capacityTypeLabel?: string;
            /** Its values that mean spot. Default [spot]. */
            spotValues?: string[];
            /** The node label holding the GPU type, a key of aiRefarch.gpuPrices. Default label_ai_refarch_io_gpu_type. */
            gpuTypeLabel?: string;
            /** The node label holding the instance type, a key of aiOps.instancePrices, for nodes without a GPU type. Default label_node_kubernetes_io_instance_type. */
            instanceTypeLabel?: string;
          };
          /** NVIDIA DCGM exporter. */
          dcgm?: {
            /** GPU utilisation 0–100 with namespace and pod labels. Default DCGM_FI_DEV_GPU_UTIL. */
            utilisation?: string;
          };
          /**
           * When a RAG index was last refreshed: a gauge of Unix seconds the
           * ingestion job pushes to the Pushgateway, selected by a label whose
           * value is the pipeline's backstage.io/kubernetes-id.
           */
          ragFreshness?: {
            /** Default rag_ingest_last_success_timestamp_seconds. */
            metric?: string;
            /** Default job (the Pushgateway's grouping key). */
            label?: string;
          };
          /** A token counter labelled by tenant (e.g. from the gateway), for cost per tenant. */
          tenantTokens?: {
            metric: string;
            /** Default tenant. */
            tenantLabel?: string;
            /**
             * The label that says input or output, so that each tenant pays
             * for its input and its output tokens at their own cost.
             */
            typeLabel?: string;
            /** Its values; default input and output. */
            inputValue?: string;
            outputValue?: string;
            /**
             * The label that names the model called (a gateway's counter): a
             * model's tenants are then those calling it, and a model server's
             * those calling the models it serves, wherever the counter is
             * exported. Without it, the entity's own series labels select.
             */
            modelLabel?: string;
          };
          /** Hosted API token usage (OpenTelemetry GenAI by default). */
          hostedTokens?: {
            /** Default gen_ai_client_token_usage_sum. */
            metric?: string;
            /** Default gen_ai_request_model. */
            modelLabel?: string;
            /** Default gen_ai_token_type. */
            typeLabel?: string;
            /** Default input. */
            inputValue?: string;
            /** Default output. */
            outputValue?: string;
            /**
             * The type value of the input tokens served from the provider's
             * prompt cache, counted within the input tokens (as providers
             * and OpenTelemetry's gen_ai.usage.input_tokens count them);
             * priced at the model's pricing.cachedInputPer1MTokens. Without
             * it, all input tokens are priced as uncached.
             */
            cachedInputValue?: string;
          };
        };
      };
    };
  };
}
