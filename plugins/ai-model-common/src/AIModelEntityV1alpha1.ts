import {
  Entity,
  entityKindSchemaValidator,
  KindValidator,
} from '@backstage/catalog-model';
import schema from './schema/AIModel.v1alpha1.schema.json';

/** The apiVersion of the AIModel kind. @public */
export const AI_MODEL_API_VERSION = 'ai-refarch.io/v1alpha1';
/** The kind name. @public */
export const AI_MODEL_KIND = 'AIModel';

/** @public */
export type AIModelType =
  | 'llm'
  | 'embedding'
  | 'reranker'
  | 'classifier'
  | 'vision'
  | 'speech'
  | 'multimodal';

/** The data classifications of the AIModel kind, least sensitive first. @public */
export const DATA_CLASSIFICATIONS = [
  'public',
  'internal',
  'confidential',
  'pii',
  'phi',
  'pci',
] as const;

/** @public */
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

/**
 * Confidential, personal and regulated data: a call that carries it is
 * audited, and it is not stored or sent to a third party lightly. @public
 */
export const SENSITIVE_DATA_CLASSIFICATIONS: readonly string[] = [
  'confidential',
  'pii',
  'phi',
  'pci',
];

/** Regulated data (health, card): reached only through an audited gateway. @public */
export const REGULATED_DATA_CLASSIFICATIONS: readonly string[] = ['phi', 'pci'];

/**
 * The serving engines the golden paths deploy, whose manifests the
 * scorecard reads and whose metrics the cost and SLO cards are built
 * from. @public
 */
export const SERVING_ENGINES = ['vllm', 'tgi', 'triton'] as const;

/** @public */
export type ServingEngine = (typeof SERVING_ENGINES)[number];

/** @public */
export type ServingRuntime =
  | 'vllm'
  | 'tgi'
  | 'triton'
  | 'kserve'
  | 'tensorrt-llm'
  | 'ollama'
  | 'hosted-api';

/** @public */
export type DerivationRelation =
  | 'finetune'
  | 'adapter'
  | 'quantized'
  | 'merge'
  | 'distillation';

/** @public */
export type AIModelEvaluation = {
  tool: string;
  dataset: string;
  metric: string;
  value: number;
  threshold?: number;
  direction?: 'higher-is-better' | 'lower-is-better';
  date?: string;
  /** The run that produced it, in its tracking server. */
  runUrl?: string;
};

/**
 * An AIModel entity. See `AIModel.v1alpha1.schema.json` for what each field
 * means.
 *
 * @public
 */
export interface AIModelEntityV1alpha1 extends Entity {
  apiVersion: typeof AI_MODEL_API_VERSION;
  kind: typeof AI_MODEL_KIND;
  spec: {
    type: AIModelType;
    lifecycle: string;
    owner: string;
    system?: string;
    provider: string;
    version: string;
    aliases?: string[];
    family?: string;
    baseModel?: { ref: string; relation: DerivationRelation };
    license?: string;
    parameters?: number;
    contextWindow?: number;
    precision?: 'fp32' | 'bf16' | 'fp16' | 'fp8' | 'int8' | 'int4' | 'nf4';
    quantization?: string;
    architecture?: {
      layers?: number;
      hiddenSize?: number;
      attentionHeads?: number;
      kvHeads?: number;
      headDim?: number;
    };
    artifact?: {
      uri: string;
      format?: string;
      digest?: string;
      signature?: string;
      attestation?: string;
      runId?: string;
    };
    registry?: {
      type:
        | 'mlflow'
        | 'wandb'
        | 'kubeflow'
        | 'huggingface'
        | 'sagemaker'
        | 'vertex-ai';
      name: string;
      version?: string;
      url?: string;
    };
    serving?: {
      runtime: ServingRuntime;
      engine?: Record<string, string | number | boolean>;
      endpoint?: string;
    };
    providesApis?: string[];
    datasets?: string[];
    /** Feature store Resources (feature services or views) it reads features from. */
    features?: string[];
    resources?: {
      accelerator?: string;
      count?: number;
      memoryGiB?: number;
      replicas?: number;
    };
    evaluations?: AIModelEvaluation[];
    dataClassification: DataClassification;
    risk?: 'minimal' | 'limited' | 'high';
    pricing?: {
      currency?: string;
      inputPer1MTokens: number;
      outputPer1MTokens: number;
      cachedInputPer1MTokens?: number;
    };
    tracing?:
      | 'langfuse'
      | 'phoenix'
      | 'helicone'
      | 'langsmith'
      | 'opentelemetry';
    runbook?: string;
    rollbackVersion?: string;
    /** The weights of `rollbackVersion`, pinned by digest: what a rollback deploys. */
    rollbackArtifact?: { uri: string; digest: string };
  };
}

/** The JSON schema of the kind. @public */
export const aiModelEntityV1alpha1Schema = schema;

const validate = entityKindSchemaValidator(schema);

/**
 * Validates AIModel entities against the JSON schema. `check` returns false
 * for other kinds and throws a TypeError naming the field (as a JSON pointer,
 * e.g. `/spec/type`) for a malformed AIModel.
 *
 * @public
 */
export const aiModelEntityV1alpha1Validator: KindValidator = {
  async check(data: Entity) {
    return validate(data) === data;
  },
};

/** @public */
export function isAIModelEntity(
  entity: Entity,
): entity is AIModelEntityV1alpha1 {
  return (
    entity.apiVersion === AI_MODEL_API_VERSION && entity.kind === AI_MODEL_KIND
  );
}

/** @public */
export function isHostedModel(entity: AIModelEntityV1alpha1): boolean {
  return entity.spec.provider !== 'self-hosted';
}
