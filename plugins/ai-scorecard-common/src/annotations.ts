/**
 * The annotations and labels the scorecard reads, in one place: on catalog
 * entities, and on the Kubernetes workloads, pods and nodes that the golden
 * paths generate. The serving runtime (`ai-refarch.io/runtime`) and the
 * served models (`ai-refarch.io/serves-models`) are the model family's, in
 * `@ai-refarch/plugin-ai-model-common`.
 */

/** On a Component: where its runbook is (a path in its repository, or a URL). @public */
export const ANNOTATION_RUNBOOK = 'ai-refarch.io/runbook';

/** On a gateway Component: where its audit log goes. @public */
export const ANNOTATION_AUDIT_LOG = 'ai-refarch.io/audit-log';

/** On a GPU cluster Resource: its GPU ceiling, a whole number. @public */
export const ANNOTATION_MAX_GPUS = 'ai-refarch.io/max-gpus';

/** On a GPU cluster Resource: its share of GPUs on spot capacity, 0 to 1. @public */
export const ANNOTATION_SPOT_SHARE = 'ai-refarch.io/spot-share';

/** On a Component: which back end stores its traces (the golden paths set it). @public */
export const ANNOTATION_TRACING = 'ai-refarch.io/tracing';

/**
 * On a Component: the project (Phoenix, LangSmith) or OpenTelemetry service
 * name (Langfuse) its traces are filed under; default the entity's name,
 * which is what the golden paths file them under.
 *
 * @public
 */
export const ANNOTATION_TRACING_PROJECT = 'ai-refarch.io/tracing-project';

/** An entity label with the data classification of what it handles. @public */
export const LABEL_DATA_CLASSIFICATION = 'ai-refarch.io/data-classification';

/** On a serving workload or its pods: the model it serves. @public */
export const LABEL_MODEL = 'ai-refarch.io/model';

/**
 * On a serving workload's pod template (a KServe predictor's `annotations`):
 * the model version its pods run and the digest of the weights they load.
 * The LLM serving golden path writes them; a rollback
 * (`ai-refarch:model-rollback`) rewrites them with the weights' URI, and the
 * scorecard's drift view compares them with the AIModel.
 *
 * @public
 */
export const POD_ANNOTATIONS_MODEL = {
  version: 'ai-refarch.io/model-version',
  digest: 'ai-refarch.io/model-digest',
} as const;

/** On a node (or a pod's pinned node selector): the GPU model. @public */
export const LABEL_GPU_TYPE = 'ai-refarch.io/gpu-type';

/** On a node (or a pod's pinned node selector): `spot` for spot capacity. @public */
export const LABEL_CAPACITY = 'ai-refarch.io/capacity';

/** On serving pods: the labels a cost is split by. @public */
export const COST_LABELS = ['ai-refarch.io/team', 'ai-refarch.io/tenant'];

/**
 * What a serving Component declares about its own deployment (the LLM
 * serving golden path writes them). They win over the served model's
 * `spec.resources` and `spec.serving.engine`, which describe the model's
 * reference deployment and may be shared by several services.
 *
 * @public
 */
export const DECLARED_ANNOTATIONS = {
  gpuType: 'ai-refarch.io/gpu-type',
  gpusPerReplica: 'ai-refarch.io/gpus-per-replica',
  minReplicas: 'ai-refarch.io/min-replicas',
  maxModelLen: 'ai-refarch.io/max-model-len',
  enablePrefixCaching: 'ai-refarch.io/prefix-caching',
} as const;
