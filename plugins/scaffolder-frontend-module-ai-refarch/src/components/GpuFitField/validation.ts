import { configApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { checkGpuFit } from './gpuFit';

/** Refuses GPUs per replica that the chosen model does not fit on. */
export const gpuFitValidation: CustomFieldValidator<number> = async (
  value,
  validation,
  { apiHolder, formData },
) => {
  const catalogApi = apiHolder.get(catalogApiRef);
  const configApi = apiHolder.get(configApiRef);
  if (!catalogApi || !configApi) return;
  const fit = await checkGpuFit(value, formData, catalogApi, configApi);
  if (fit.status === 'refused') validation.addError(fit.message);
};
