import { AIModelEntityV1alpha1 } from '../AIModelEntityV1alpha1';
import { Precision } from './gpuSizing';

/** The size and shape of a model that GPU sizing needs. @public */
export type ModelShape = {
  parameters: number;
  precision: Precision;
  layers: number;
  kvHeads: number;
  headDim: number;
  attentionHeads?: number;
};

/**
 * The shape of an AIModel for GPU sizing, or the spec fields it lacks, so
 * that the form and the golden-path actions ask for the same fields.
 *
 * @public
 */
export function aiModelShape(
  entity: AIModelEntityV1alpha1,
): { shape: ModelShape } | { missing: string[] } {
  const { spec } = entity;
  const arch = spec.architecture ?? {};
  const fields = {
    'spec.parameters': spec.parameters,
    'spec.precision': spec.precision,
    'spec.architecture.layers': arch.layers,
    'spec.architecture.kvHeads': arch.kvHeads,
    'spec.architecture.headDim': arch.headDim,
  };
  const missing = Object.entries(fields)
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  if (missing.length) return { missing };
  return {
    shape: {
      parameters: spec.parameters!,
      precision: spec.precision!,
      layers: arch.layers!,
      kvHeads: arch.kvHeads!,
      headDim: arch.headDim!,
      attentionHeads: arch.attentionHeads,
    },
  };
}
