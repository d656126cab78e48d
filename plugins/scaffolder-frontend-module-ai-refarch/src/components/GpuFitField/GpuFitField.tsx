import { TextField, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import useAsync from 'react-use/esm/useAsync';
import { checkGpuFit } from './gpuFit';
import { readServingPolicy } from './servingPolicy';
import { aiRefarchScaffolderTranslationRef } from '../../translation';

/**
 * GPUs per replica, with the sizing of the chosen model on the chosen GPUs
 * shown as the user types; the form refuses a model that does not fit.
 */
export function GpuFitField(props: FieldExtensionComponentProps<number>) {
  const { formData, onChange, schema, required, rawErrors, idSchema } = props;
  const { t } = useTranslationRef(aiRefarchScaffolderTranslationRef);
  const gib = (bytes: number) =>
    t('gpuFit.gib', { gib: (bytes / 1024 ** 3).toFixed(1) });
  const formState: Record<string, unknown> =
    (props.formContext as { formData?: Record<string, unknown> })?.formData ??
    {};
  const catalogApi = useApi(catalogApiRef);
  const configApi = useApi(configApiRef);
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const deps = [
    formData,
    formState.modelSource,
    formState.catalogModel,
    JSON.stringify(formState.newModel ?? null),
    formState.gpuType,
    formState.maxModelLen,
    formState.maxNumSeqs,
    formState.gpuMemoryUtilization,
    formState.spotSharePercent,
  ];
  const fit = useAsync(
    async () =>
      checkGpuFit(
        formData,
        formState,
        catalogApi,
        configApi,
        await readServingPolicy(discoveryApi, fetchApi),
      ),
    deps,
  );

  return (
    <>
      <TextField
        id={idSchema?.$id}
        label={schema.title ?? t('gpuFit.label')}
        helperText={schema.description}
        type="number"
        required={required}
        value={formData ?? ''}
        error={Boolean(rawErrors?.length)}
        inputProps={{ min: schema.minimum, max: schema.maximum, step: 1 }}
        onChange={e =>
          onChange(e.target.value === '' ? undefined : Number(e.target.value))
        }
        margin="normal"
        fullWidth
      />
      {fit.value?.status === 'fits' && (
        <Alert severity="success" data-testid="gpu-fit">
          <Typography variant="body2">
            {t('gpuFit.fits', {
              weights: gib(fit.value.result.weightsBytes),
              kvCache: gib(fit.value.result.kvCacheBytes),
              kibPerToken: String(fit.value.result.kvCacheBytesPerToken / 1024),
              gpus: String(fit.value.result.tensorParallelSize),
              gpuType: fit.value.gpuType,
              usablePerGpu: gib(fit.value.result.usableBytesPerGpu),
              monthlyCost: String(Math.round(fit.value.result.monthlyCost)),
            })}
          </Typography>
        </Alert>
      )}
      {fit.value?.status === 'refused' && (
        <Alert severity="error" data-testid="gpu-fit">
          {fit.value.message}
        </Alert>
      )}
      {fit.value?.status === 'incomplete' && (
        <Alert severity="info" data-testid="gpu-fit">
          {t('gpuFit.incomplete', { reason: fit.value.message })}
        </Alert>
      )}
      {fit.error && (
        <Alert severity="warning" data-testid="gpu-fit">
          {t('gpuFit.failed', { error: fit.error.message })}
        </Alert>
      )}
    </>
  );
}
