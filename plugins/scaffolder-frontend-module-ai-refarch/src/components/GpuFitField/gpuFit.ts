import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  aiModelShape,
  checkServingBudget,
  checkServingPlan,
  FieldError,
  isAIModelEntity,
  ModelShape,
  readGpuPrices,
  ServingPolicy,
  sizeGpus,
  SizingResult,
} from '@ai-refarch/plugin-ai-model-common';
import { REFERENCE_POLICY } from './servingPolicy';

/** @public */
export type GpuFit =
  | { status: 'incomplete'; message: string }
  | { status: 'fits'; result: SizingResult; gpuType: string }
  | { status: 'refused'; message: string };

/** The form's names for the fields the shared checks name as the action's inputs. */
const FORM_FIELDS: Record<string, string> = {
  spotShare: 'spotSharePercent',
  contextLength: 'maxModelLen',
  replicas: 'minReplicas',
};

/** A FieldError's message with the field as the form names it. */
function formMessage(error: FieldError) {
  const field = Object.hasOwn(FORM_FIELDS, error.field)
    ? FORM_FIELDS[error.field]
    : error.field;
  return `${field}${error.message.slice(error.field.length)}`;
}

/**
 * The model picked on the form's model step, from the catalog or described
 * as new; the same checks as the ai-refarch:resolve-model action.
 *
 * @public
 */
export async function modelShape(
  formData: Record<string, any>,
  catalogApi: Pick<CatalogApi, 'getEntityByRef'>,
): Promise<(ModelShape & { contextWindow?: number }) | string> {
  if (formData.modelSource === 'new') {
    const m = formData.newModel ?? {};
    const missing = [
      'parameters',
      'precision',
      'layers',
      'kvHeads',
      'headDim',
    ].filter(key => m[key] === undefined);
    if (missing.length)
      return `describe the new model first (${missing.join(', ')})`;
    return m as ModelShape;
  }
  if (!formData.catalogModel) return 'pick a model first';
  let ref: string;
  try {
    ref = stringifyEntityRef(
      parseEntityRef(formData.catalogModel, {
        defaultKind: 'aimodel',
        defaultNamespace: 'default',
      }),
    );
  } catch (e) {
    return `catalogModel: ${(e as Error).message}`;
  }
  const entity = await catalogApi.getEntityByRef(ref);
  if (!entity || !isAIModelEntity(entity)) {
    return `catalogModel: ${ref} is not an AIModel in the catalog`;
  }
  const sized = aiModelShape(entity);
  if ('missing' in sized) {
    return `catalogModel: ${ref} has no ${sized.missing.join(
      ', ',
    )}; GPU sizing needs them`;
  }
  return { ...sized.shape, contextWindow: entity.spec.contextWindow };
}

/**
 * Whether the model fits the GPUs chosen in the form, by the same
 * computation as the ai-refarch:gpu-sizing action.
 *
 * @public
 */
export async function checkGpuFit(
  gpusPerReplica: number | undefined,
  formData: Record<string, any>,
  catalogApi: Pick<CatalogApi, 'getEntityByRef'>,
  config: Config,
  policy: ServingPolicy = REFERENCE_POLICY,
): Promise<GpuFit> {
  const shape = await modelShape(formData, catalogApi);
  if (typeof shape === 'string') {
    return shape.startsWith('catalogModel:')
      ? { status: 'refused', message: shape }
      : { status: 'incomplete', message: shape };
  }
  const { gpuType, maxModelLen, maxNumSeqs } = formData;
  if (!gpuType || !maxModelLen || !maxNumSeqs || !gpusPerReplica) {
    return {
      status: 'incomplete',
      message:
        'choose the GPU type, the maximum model length and the concurrency',
    };
  }
  const spotShare = Math.min(
    Math.max((formData.spotSharePercent ?? 0) / 100, 0),
    1,
  );
  try {
    checkServingPlan(
      {
        lifecycle: formData.lifecycle,
        spotShare,
        contextLength: maxModelLen,
        contextWindow: shape.contextWindow,
        replicas: 1,
      },
      // The replicas are checked on the budget step.
      { ...policy, minProductionReplicas: null },
    );
    const result = sizeGpus(
      {
        ...shape,
        gpuType,
        contextLength: maxModelLen,
        concurrency: maxNumSeqs,
        gpuMemoryUtilization: formData.gpuMemoryUtilization ?? 0.9,
        gpusPerReplica,
        replicas: 1,
        spotShare,
      },
      readGpuPrices(config),
    );
    return { status: 'fits', result, gpuType };
  } catch (error) {
    if (error instanceof FieldError) {
      return { status: 'refused', message: formMessage(error) };
    }
    throw error;
  }
}

/** @public */
export type BudgetCheck =
  | { status: 'incomplete'; message: string }
  | {
      status: 'fits';
      perReplica: number;
      minimum: number;
      ceiling: number;
      /** The ceiling is priced with every replica on demand. */
      ceilingOnDemand: boolean;
    }
  | { status: 'refused'; message: string };

/**
 * Whether the minimum replicas and the autoscaling ceiling fit in the
 * monthly budget, by the same checks as the ai-refarch:gpu-sizing action.
 *
 * @public
 */
export async function checkBudget(
  monthlyBudget: number | undefined,
  formData: Record<string, any>,
  catalogApi: Pick<CatalogApi, 'getEntityByRef'>,
  config: Config,
  policy: ServingPolicy = REFERENCE_POLICY,
): Promise<BudgetCheck> {
  const { minReplicas, maxReplicas } = formData;
  if (!monthlyBudget || !minReplicas) {
    return {
      status: 'incomplete',
      message: 'give the minimum replicas and the monthly budget',
    };
  }
  try {
    checkServingPlan(
      {
        lifecycle: formData.lifecycle,
        spotShare: 0,
        contextLength: 0,
        replicas: minReplicas,
        maxReplicas,
      },
      policy,
    );
  } catch (error) {
    if (error instanceof FieldError) {
      return { status: 'refused', message: formMessage(error) };
    }
    throw error;
  }
  const fit = await checkGpuFit(
    formData.gpusPerReplica,
    formData,
    catalogApi,
    config,
  );
  if (fit.status !== 'fits') {
    return { status: 'incomplete', message: `GPU sizing: ${fit.message}` };
  }
  try {
    const { minimum, ceiling, ceilingOnDemand } = checkServingBudget({
      monthlyCostPerReplica: fit.result.monthlyCost,
      monthlyCostPerReplicaOnDemand: fit.result.monthlyCostAllOnDemand,
      spotShare: (formData.spotSharePercent ?? 0) / 100,
      replicas: minReplicas,
      maxReplicas,
      monthlyBudget,
    });
    return {
      status: 'fits',
      perReplica: fit.result.monthlyCost,
      minimum,
      ceiling,
      ceilingOnDemand,
    };
  } catch (error) {
    if (error instanceof FieldError) {
      return { status: 'refused', message: formMessage(error) };
    }
    throw error;
  }
}
