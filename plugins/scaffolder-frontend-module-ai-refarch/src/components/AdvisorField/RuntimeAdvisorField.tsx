import { Typography } from '@material-ui/core';
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
import {
  adviseRuntime,
  selfHostBreakEven,
} from '@ai-refarch/plugin-ai-model-common';
import useAsync from 'react-use/esm/useAsync';
import { readServingPolicy } from '../GpuFitField/servingPolicy';
import { aiRefarchScaffolderTranslationRef } from '../../translation';
import { AdvisorTable, enumLabels } from './AdvisorTable';
import { servingWorkload } from './workload';

/**
 * `ui:field: RuntimeAdvisor`: the serving runtime, with vLLM, TGI, Triton
 * with TensorRT-LLM and a hosted API ranked for the workload the form
 * describes, and the self-host break-even against the catalog's hosted
 * models.
 */
export function RuntimeAdvisorField(
  props: FieldExtensionComponentProps<string>,
) {
  const { t } = useTranslationRef(aiRefarchScaffolderTranslationRef);
  const formState: Record<string, any> =
    (props.formContext as { formData?: Record<string, unknown> })?.formData ??
    {};
  const catalogApi = useApi(catalogApiRef);
  const configApi = useApi(configApiRef);
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const advice = useAsync(async () => {
    const workload = await servingWorkload(
      formState,
      catalogApi,
      configApi,
      await readServingPolicy(discoveryApi, fetchApi),
    );
    return { ...workload, ranked: adviseRuntime(workload.workload) };
  }, [JSON.stringify(formState)]);
  const even = advice.value && selfHostBreakEven(advice.value.workload);
  const labels = {
    ...enumLabels(props.schema),
    hosted: t('advisor.hostedApi'),
  };
  const top = advice.value?.ranked[0];
  return (
    <AdvisorTable
      field={props}
      ranked={advice.value?.ranked}
      labels={labels}
      heading={t('runtimeAdvisor.heading')}
      testId="runtime-advisor"
      summary={
        <>
          {even && (
            <Typography variant="body2" data-testid="break-even">
              {t('runtimeAdvisor.breakEven', {
                hosted: even.hosted.title,
                hostedMonthly: Math.round(
                  even.hostedMonthlyCost,
                ).toLocaleString('en-US'),
                selfHostMonthly: Math.round(
                  even.selfHostMonthlyCost,
                ).toLocaleString('en-US'),
                rps: even.breakEvenRequestsPerSecond.toFixed(2),
              })}
            </Typography>
          )}
          {advice.value && !even && (
            <Typography variant="body2" color="textSecondary">
              {t('runtimeAdvisor.noBreakEven', {
                reason: advice.value.breakEvenMissing ?? '',
              })}
            </Typography>
          )}
          {top?.option === 'hosted' && !top.excluded && (
            <Alert severity="info">{t('runtimeAdvisor.hostedFirst')}</Alert>
          )}
          {advice.error && (
            <Alert severity="warning">
              {t('advisor.failed', { error: advice.error.message })}
            </Alert>
          )}
        </>
      }
    />
  );
}
