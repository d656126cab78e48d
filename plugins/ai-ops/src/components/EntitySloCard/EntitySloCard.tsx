import { useState } from 'react';
import {
  Box,
  Chip,
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  Theme,
  useTheme,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  InfoCard,
  Progress,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
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
import { CostWindow, SloReport } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsApiRef } from '../../api';
import { aiOpsTranslationRef } from '../../translation';
import { LatencyTable } from './LatencyTable';
import {
  NothingToShow,
  pct,
  SourceLabel,
  textOn,
  Unreachable,
  WindowSelect,
} from '../states';

const STATUS_COLOUR: Partial<
  Record<SloReport['status'], (p: Theme['palette']) => string>
> = {
  ok: p => p.success.dark,
  ticket: p => p.warning.main,
  page: p => p.error.dark,
};

function StatusChip(props: { status: SloReport['status'] }) {
  const theme = useTheme();
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const label = {
    ok: t('slo.status.ok'),
    ticket: t('slo.status.ticket'),
    page: t('slo.status.page'),
    'no-data': t('slo.status.noData'),
  }[props.status];
  const background = STATUS_COLOUR[props.status]?.(theme.palette);
  return (
    <Chip
      size="small"
      label={label}
      style={
        background
          ? { backgroundColor: background, color: textOn(theme, background) }
          : undefined
      }
    />
  );
}

/** The objective in words, e.g. "99.5 % of requests succeed". */
function useDescribeObjective(): (slo: SloReport) => string {
  const { t } = useTranslationRef(aiOpsTranslationRef);
  return slo => {
    const share = pct(slo.target, 1);
    const ms =
      slo.threshold === null ? '' : `${Math.round(slo.threshold * 1000)} ms`;
    switch (slo.indicator) {
      case 'availability':
        return t('slo.objective.availability', { share });
      case 'ttft':
        return t('slo.objective.ttft', { share, ms });
      case 'inter-token-latency':
        return t('slo.objective.interTokenLatency', { share, ms });
      default:
        return t('slo.objective.quality', {
          share,
          threshold: String(slo.threshold),
        });
    }
  };
}

function SloCharts(props: { slo: SloReport }) {
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

/** SLOs of a Component or AIModel: attainment, budget, burn rates, charts. */
export function EntitySloCard() {
  const { entity } = useEntity();
  const api = useApi(aiOpsApiRef);
  const ref = getCompoundEntityRef(entity);
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const describeObjective = useDescribeObjective();
  const title = t('slo.title');
  const [selected, setSelected] = useState(0);
  // The SLIs over a window of the user's choosing, beside each SLO's own.
  const [countWindow, setCountWindow] = useState<CostWindow>('1d');
  const state = useAsyncRetry(
    () => api.getSlos(ref, countWindow),
    [api, ref.kind, ref.namespace, ref.name, countWindow],
  );
  if (state.loading && !state.value) return <Progress />;
  if (state.error) {
    return (
      <Unreachable title={title} error={state.error} retry={state.retry} />
    );
  }
  const response = state.value!;
  if (response.status !== 'ok') {
    return <NothingToShow title={title} message={response.message} />;
  }
  const slo = response.slos[Math.min(selected, response.slos.length - 1)];
  return (
    <InfoCard
      title={title}
      subheader={<SourceLabel source={response.source} />}
      action={
        <WindowSelect
          value={countWindow}
          onChange={setCountWindow}
          label={t('slo.table.countWindow')}
        />
      }
    >
      <Table size="small" aria-label={t('slo.table.label')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('slo.table.slo')}</TableCell>
            {/* Narrow cards broke "Attained" inside the word. */}
            <TableCell align="right">
              {t(`cost.windows.${countWindow}`)}
            </TableCell>
            <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
              {t('slo.table.attained')}
            </TableCell>
            <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
              {t('slo.table.budgetLeft')}
            </TableCell>
            <TableCell>{t('slo.table.status')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {response.slos.map((s, i) => (
            <TableRow
              key={s.name}
              hover
              selected={s === slo}
              onClick={() => setSelected(i)}
              style={{ cursor: 'pointer' }}
            >
              <TableCell>
                <strong>{s.displayName}</strong>
                <Typography variant="body2">{describeObjective(s)}</Typography>
                <Typography
                  variant="caption"
                  display="block"
                  color="textSecondary"
                >
                  {t('slo.table.detail', {
                    window: s.window,
                    total: Math.round(s.total).toLocaleString(),
                    unit: s.unit,
                    current: pct(s.current, 2),
                  })}
                </Typography>
              </TableCell>
              <TableCell align="right">
                {s.windowCounts ? (
                  <>
                    {pct(s.windowCounts.sli, 2)}
                    <Typography
                      variant="caption"
                      display="block"
                      color="textSecondary"
                    >
                      {t('slo.table.counts', {
                        good: Math.round(s.windowCounts.good).toLocaleString(),
                        total: Math.round(
                          s.windowCounts.total,
                        ).toLocaleString(),
                      })}
                    </Typography>
                  </>
                ) : (
                  '–'
                )}
              </TableCell>
              <TableCell align="right">{pct(s.attainment, 2)}</TableCell>
              <TableCell align="right">
                {pct(s.errorBudgetRemaining, 0)}
              </TableCell>
              <TableCell>
                <StatusChip status={s.status} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Box mt={2}>
        <LatencyTable latency={response.latency} />
      </Box>
      {slo && (
        <Box mt={2}>
          <Typography variant="subtitle1" gutterBottom>
            {slo.displayName}
          </Typography>
          <SloCharts slo={slo} />
          <Table size="small" aria-label={t('slo.alerts.label')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('slo.alerts.alert')}</TableCell>
                <TableCell align="right">
                  {t('slo.alerts.longWindow')}
                </TableCell>
                <TableCell align="right">
                  {t('slo.alerts.shortWindow')}
                </TableCell>
                <TableCell>{t('slo.alerts.fires')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {slo.alerts.map(a => (
                <TableRow key={`${a.long}/${a.short}`}>
                  <TableCell>
                    {t('slo.alerts.rule', {
                      severity: a.severity,
                      factor: String(a.factor),
                      long: a.long,
                      short: a.short,
                    })}
                  </TableCell>
                  <TableCell align="right">
                    {a.longRate === null ? '–' : `${a.longRate.toFixed(2)}×`}
                  </TableCell>
                  <TableCell align="right">
                    {a.shortRate === null ? '–' : `${a.shortRate.toFixed(2)}×`}
                  </TableCell>
                  <TableCell>
                    {/* Backstage's status: a coloured mark beside the word,
                        readable in both themes (red text was not). */}
                    {a.firing ? (
                      <StatusError>{t('slo.alerts.firing')}</StatusError>
                    ) : (
                      <StatusOK>{t('slo.alerts.notFiring')}</StatusOK>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {response.problems.map(p => (
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
