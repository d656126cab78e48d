import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_SERVES_MODELS } from '@ai-refarch/plugin-ai-model-common';
import {
  ANNOTATION_MONTHLY_BUDGET,
  ANNOTATION_PROMETHEUS_LABELS,
  ANNOTATION_SCHEDULE,
} from './annotations';

/**
 * A Component with one of these annotations is a model server, whose
 * GPUs, exported series and loaded alert rules are evidence. @public
 */
export const EVIDENCE_SERVING_ANNOTATIONS = [
  ANNOTATION_SERVES_MODELS,
  ANNOTATION_PROMETHEUS_LABELS,
  // Backstage's own (ANNOTATION_KUBERNETES_ID of @backstage/plugin-kubernetes-common).
  'backstage.io/kubernetes-id',
] as const;

/**
 * Which parts of the evidence (EntityEvidence) apply to an entity: the
 * back end computes them and the scorecard grades them by this one
 * definition. @public
 */
export function evidenceParts(entity: Entity): {
  slos: boolean;
  serving: boolean;
  budgeted: boolean;
  pipeline: boolean;
} {
  const annotations = entity.metadata.annotations ?? {};
  const component = entity.kind.toLocaleLowerCase('en-US') === 'component';
  const slos = (entity.spec as { slos?: unknown } | undefined)?.slos;
  return {
    slos: Array.isArray(slos) && slos.length > 0,
    serving:
      component &&
      EVIDENCE_SERVING_ANNOTATIONS.some(a => annotations[a] !== undefined),
    budgeted: component && annotations[ANNOTATION_MONTHLY_BUDGET] !== undefined,
    pipeline: component && annotations[ANNOTATION_SCHEDULE] !== undefined,
  };
}
