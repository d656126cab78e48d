import { Box, Grid, Typography, useTheme } from '@material-ui/core';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { SloReport } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsTranslationRef } from '../../translation';

/** An SLO's daily SLI against its objective, and its burn rate. */
export function SloCharts(props: { slo: SloReport }) {
  const theme = useTheme();
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const { slo } = props;
  const data = slo.daily.map(d => ({
    day: d.day.slice(5),
    sli: d.sli === null ? null : Number((d.sli * 100).toFixed(3)),
    budget:
      d.budgetRemaining === null
        ? null
        : Number((d.budgetRemaining * 100).toFixed(1)),
  }));
  const slis = data.map(d => d.sli).filter((v): v is number => v !== null);
  const floor = Math.max(
    0,
    Math.floor(Math.min(slo.target * 100, ...slis) - 0.5),
  );
  // The charts' text alternatives: what a sighted reader takes from them.
  const percent = (v: number | null | undefined) =>
    v === null || v === undefined ? t('slo.charts.noData') : `${v} %`;
  const budgets = data
    .map(d => d.budget)
    .filter((v): v is number => v !== null);
  const span = {
    first: data[0]?.day ?? '',
    last: data[data.length - 1]?.day ?? '',
  };
  const budgetSummary = t('slo.charts.budgetSummary', {
    ...span,
    latest: percent(data[data.length - 1]?.budget),
    lowest: percent(budgets.length ? Math.min(...budgets) : null),
  });
  const sliSummary = t('slo.charts.sliSummary', {
    ...span,
    target: `${Number((slo.target * 100).toFixed(3))} %`,
    below: String(slis.filter(v => v < slo.target * 100).length),
    days: String(slis.length),
    lowest: percent(slis.length ? Math.min(...slis) : null),
  });
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        <Typography variant="subtitle2">
          {t('slo.charts.budgetLeft')}
        </Typography>
        <Box role="img" aria-label={budgetSummary}>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={data} margin={{ top: 8, right: 16, left: -8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} />
              <YAxis unit="%" tick={{ fontSize: 11 }} />
              <ReferenceLine y={0} stroke={theme.palette.error.main} />
              <Tooltip
                formatter={(v: number) => [`${v} %`, t('slo.table.budgetLeft')]}
              />
              <Line
                dataKey="budget"
                stroke={theme.palette.primary.main}
                dot={false}
                strokeWidth={2}
                isAnimationActive={false}
                connectNulls
              />
            </LineChart>
          </ResponsiveContainer>
        </Box>
      </Grid>
      <Grid item xs={12} md={6}>
        <Typography variant="subtitle2">{t('slo.charts.sliPerDay')}</Typography>
        <Box role="img" aria-label={sliSummary}>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={data} margin={{ top: 8, right: 16, left: -8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} />
              <YAxis unit="%" domain={[floor, 100]} tick={{ fontSize: 11 }} />
              <ReferenceLine
                y={slo.target * 100}
                stroke={theme.palette.error.main}
                strokeDasharray="4 4"
                label={{
                  value: t('slo.charts.target'),
                  position: 'insideBottomRight',
                  fontSize: 11,
                }}
              />
              <Tooltip
                formatter={(v: number) => [`${v} %`, t('slo.charts.sli')]}
              />
              <Line
                dataKey="sli"
                stroke={theme.palette.secondary.main}
                dot={false}
                strokeWidth={2}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </Box>
      </Grid>
    </Grid>
  );
}
