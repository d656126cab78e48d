import { AIModelEvaluation } from './AIModelEntityV1alpha1';

/**
 * Whether an evaluation meets its threshold: `undefined` when it has none.
 *
 * @public
 */
export function evaluationPasses(
  evaluation: AIModelEvaluation,
): boolean | undefined {
  if (evaluation.threshold === undefined) return undefined;
  return evaluation.direction === 'lower-is-better'
    ? evaluation.value <= evaluation.threshold
    : evaluation.value >= evaluation.threshold;
}
