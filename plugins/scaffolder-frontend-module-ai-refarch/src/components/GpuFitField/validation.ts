import { Config } from '@backstage/config';
import {
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ServingPolicy } from '@ai-refarch/plugin-ai-model-common';
import { readServingPolicy } from './servingPolicy';
import { CatalogApi, catalogApiRef } from '@backstage/plugin-catalog-react';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { checkBudget, checkGpuFit } from './gpuFit';

/**
 * A form-field validator from one of the form's checks: the field's value
 * and the whole form, priced and sized with the catalog and the app config;
 * the check's message is the error when it refuses.
 */
function refusing(
  check: (
    value: number | undefined,
    formData: Record<string, any>,
    catalogApi: CatalogApi,
    config: Config,
    policy: ServingPolicy,
  ) => Promise<{ status: string; message?: string }>,
): CustomFieldValidator<number> {
  return async (value, validation, { apiHolder, formData }) => {
    const catalogApi = apiHolder.get(catalogApiRef);
    const configApi = apiHolder.get(configApiRef);
    if (!catalogApi || !configApi) return;
    const policy = await readServingPolicy(
      apiHolder.get(discoveryApiRef),
      apiHolder.get(fetchApiRef),
    );
    const result = await check(value, formData, catalogApi, configApi, policy);
    if (result.status === 'refused') validation.addError(result.message!);
  };
}

/** Refuses GPUs per replica that the chosen model does not fit on. */
export const gpuFitValidation = refusing(checkGpuFit);

/** Refuses a budget that does not cover the minimum replicas or the ceiling. */
export const servingBudgetValidation = refusing(checkBudget);
