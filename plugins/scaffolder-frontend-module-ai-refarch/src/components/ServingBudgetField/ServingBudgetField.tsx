import { TextField, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import useAsync from 'react-use/esm/useAsync';
import { checkBudget } from '../GpuFitField/gpuFit';
import { aiRefarchScaffolderTranslationRef } from '../../translation';

const money = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * The monthly budget, with the cost of the minimum replicas and of the
 * autoscaling ceiling shown as the user types; the form refuses a budget
 * that does not cover them, or a maximum below the minimum.
 */
export function ServingBudgetField(
  props: FieldExtensionComponentProps<number>,
) {
  const { formData, onChange, schema, required, rawErrors, idSchema } = props;
  const { t } = useTranslationRef(aiRefarchScaffolderTranslationRef);
  const formState: Record<string, unknown> =
    (props.formContext as { formData?: Record<string, unknown> })?.formData ??
    {};
  const catalogApi = useApi(catalogApiRef);
  const configApi = useApi(configApiRef);
  const check = useAsync(
    () => checkBudget(formData, formState, catalogApi, configApi),
    [formData, JSON.stringify(formState)],
  );
  const helperId = `${idSchema?.$id ?? 'monthlyBudget'}-cost`;

  return (
    <>
      <TextField
        id={idSchema?.$id}
        label={schema.title ?? t('servingBudget.label')}
        helperText={schema.description}
        type="number"
        required={required}
        value={formData ?? ''}
        error={Boolean(rawErrors?.length)}
        inputProps={{ min: schema.minimum, 'aria-describedby': helperId }}
        onChange={e =>
          onChange(e.target.value === '' ? undefined : Number(e.target.value))
        }
        margin="normal"
        fullWidth
      />
      <div id={helperId} role="status">
        {check.value?.status === 'fits' && (
          <Alert severity="success" data-testid="serving-budget">
            <Typography variant="body2">
              {t(
                check.value.ceilingOnDemand
                  ? 'servingBudget.fitsCeilingOnDemand'
                  : 'servingBudget.fits',
                {
                  perReplica: money(check.value.perReplica),
                  minimum: money(check.value.minimum),
                  ceiling: money(check.value.ceiling),
                  budget: money(formData ?? 0),
                },
              )}
            </Typography>
          </Alert>
        )}
        {check.value?.status === 'refused' && (
          <Alert severity="error" data-testid="serving-budget">
            {check.value.message}
          </Alert>
        )}
        {check.value?.status === 'incomplete' && (
          <Alert severity="info" data-testid="serving-budget">
            {t('servingBudget.incomplete', { reason: check.value.message })}
          </Alert>
        )}
        {check.error && (
          <Alert severity="warning" data-testid="serving-budget">
            {t('servingBudget.failed', { error: check.error.message })}
          </Alert>
        )}
      </div>
    </>
  );
}
