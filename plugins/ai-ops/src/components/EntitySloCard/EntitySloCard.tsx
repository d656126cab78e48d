import { useState } from 'react';
import { Box, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { CostWindow } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsTranslationRef } from '../../translation';
import { SourceLabel, WindowSelect } from '../states';
import { useEntityReport } from '../useEntityReport';
import { BurnRateAlerts } from './BurnRateAlerts';
import { LatencyTable } from './LatencyTable';
import { SloCharts } from './SloCharts';
import { SloTable } from './SloTable';

/** SLOs of a Component or AIModel: attainment, budget, burn rates, charts. */
export function EntitySloCard() {
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const title = t('slo.title');
  const [selected, setSelected] = useState(0);
  // The SLIs over a window of the user's choosing, beside each SLO's own.
  const [countWindow, setCountWindow] = useState<CostWindow>('1d');
  const { report, view } = useEntityReport(
    title,
    (api, ref) => api.getSlos(ref, countWindow),
    [countWindow],
  );
  if (view) return view;
  const slo = report.slos[Math.min(selected, report.slos.length - 1)];
  return (
    <InfoCard
      title={title}
      subheader={<SourceLabel source={report.source} />}
      action={
        <WindowSelect
          value={countWindow}
          onChange={setCountWindow}
          label={t('slo.table.countWindow')}
        />
      }
    >
      <SloTable
        slos={report.slos}
        countWindow={countWindow}
        selected={slo}
        onSelect={setSelected}
      />
      <Box mt={2}>
        <LatencyTable latency={report.latency} />
      </Box>
      {slo && (
        <Box mt={2}>
          <Typography variant="subtitle1" gutterBottom>
            {slo.displayName}
          </Typography>
          <SloCharts slo={slo} />
          <BurnRateAlerts alerts={slo.alerts} />
        </Box>
      )}
      {report.problems.map(p => (
        <Alert
          key={p.field + p.message}
          severity="warning"
          style={{ marginTop: 8 }}
        >
          {p.field}: {p.message}
        </Alert>
      ))}
    </InfoCard>
  );
}
