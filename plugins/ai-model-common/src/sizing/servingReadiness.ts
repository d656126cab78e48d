import { AIModelEntityV1alpha1 } from '../AIModelEntityV1alpha1';
import { aiModelShape } from './modelShape';

/**
 * Label that the catalog sets on every AIModel: "true" when the golden paths
 * can deploy it (self-hosted, weights at a URI KServe's storage initializer
 * fetches, and the shape GPU sizing needs), so their model pickers offer
 * only those; the reason otherwise is in ANNOTATION_SERVING_READY_REASON.
 *
 * @public
 */
export const LABEL_SERVING_READY = 'ai-refarch.io/serving-ready';
/** Why an AIModel cannot be deployed by the golden paths. @public */
export const ANNOTATION_SERVING_READY_REASON =
  'ai-refarch.io/serving-ready-reason';

/** Schemes KServe's storage initializer (v0.14) downloads from. @public */
export const FETCHABLE_WEIGHTS_URI = /^(s3|gs|hf|https|pvc|oci):\/\/\S+$/;

/**
 * Where a golden path fetches the model's weights from, and what stops it
 * from serving the model, if anything.
 *
 * @public
 */
export function servingReadiness(entity: AIModelEntityV1alpha1): {
  weightsUri?: string;
  /** By the spec field that causes it; the messages follow the model's name. */
  problems: { field: 'provider' | 'weights' | 'shape'; message: string }[];
} {
  const { spec } = entity;
  const problems: {
    field: 'provider' | 'weights' | 'shape';
    message: string;
  }[] = [];
  const problem = (field: 'provider' | 'weights' | 'shape', message: string) =>
    problems.push({ field, message });
  if (spec.provider !== 'self-hosted') {
    problem(
      'provider',
      `is a hosted API from ${spec.provider}; pick a self-hosted model, whose weights the golden paths deploy`,
    );
  }
  const weightsUri =
    spec.artifact?.uri ??
    (spec.registry?.type === 'huggingface'
      ? `hf://${spec.registry.name}`
      : undefined);
  if (!weightsUri) {
    problem(
      'weights',
      'has no spec.artifact.uri (s3://, gs://, hf://, https://, pvc:// or oci://), so a server cannot fetch its weights',
    );
  } else if (!FETCHABLE_WEIGHTS_URI.test(weightsUri)) {
    problem(
      'weights',
      `has its weights at ${weightsUri}, which KServe's storage initializer cannot fetch; copy them to s3://, gs://, hf://, https://, pvc:// or oci:// and set spec.artifact.uri`,
    );
  }
  const shape = aiModelShape(entity);
  if ('missing' in shape) {
    problem(
      'shape',
      `has no ${shape.missing.join(
        ', ',
      )}; GPU sizing needs them, so add them to the model's entity or describe the model as new`,
    );
  }
  return {
    weightsUri: problems.some(p => p.field === 'weights')
      ? undefined
      : weightsUri,
    problems,
  };
}
