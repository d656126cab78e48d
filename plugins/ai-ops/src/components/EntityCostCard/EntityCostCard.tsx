import { useState } from 'react';
import {
  Box,
  Chip,
  Grid,
  MenuItem,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  useTheme,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  COST_WINDOWS,
  CostReport,
  CostWindow,
  PodEvent,
} from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsApiRef } from '../../api';
import {
  NothingToShow,
  pct,
  SourceLabel,
  textOn,
  Unreachable,
} from '../states';

const TITLE = 'Cost';

/** Token counts come from increase(), which extrapolates: show them rounded. */
const tokens = (n: number) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : Math.round(n).toLocaleString();
const COLOURS = [
  '#3f51b5',
  '#009688',
  '#ff9800',
  '#9c27b0',
  '#795548',
  '#607d8b',
];

function Figure(props: { label: string; value: string; note?: string }) {
  return (
    <Box>
      <Typography variant="caption" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="h6">{props.value}</Typography>
      {props.note && (
        <Typography variant="caption" color="textSecondary">
          {props.note}
        </Typography>
      )}
    </Box>
  );
}

function Budget(props: { cost: CostReport; money: (n: number) => string }) {
  const theme = useTheme();
  const b = props.cost.budget!;
  const colour = {
    under: theme.palette.success.dark,
    'at-risk': theme.palette.warning.main,
    over: theme.palette.error.dark,
    unknown: theme.palette.grey[700],
  }[b.status];
  const share = Math.min(1, b.monthToDate / b.amount);
  return (
    <Box mt={2}>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="body2">
          {b.status === 'unknown' ? (
            <>
              Month to date at least {props.money(b.monthToDate)} of{' '}
              {props.money(b.amount)} budget · the GPU cost is not known
            </>
          ) : (
            <>
              Month to date {props.money(b.monthToDate)} of{' '}
              {props.money(b.amount)} budget · projected month end{' '}
              {props.money(b.projectedMonthEnd)}
            </>
          )}
        </Typography>
        <Chip
          size="small"
          label={
            {
              under: 'On budget',
              'at-risk': 'At risk',
              over: 'Over budget',
              unknown: 'Unknown',
            }[b.status]
          }
          style={{ backgroundColor: colour, color: textOn(theme, colour) }}
        />
      </Box>
      <Box
        role="meter"
        aria-label="Budget used this month"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
        height={8}
        mt={1}
        borderRadius={4}
        bgcolor={theme.palette.action.hover}
      >
        <Box
          height={8}
          borderRadius={4}
          width={`${share * 100}%`}
          bgcolor={colour}
        />
      </Box>
    </Box>
  );
}

const EVENT_TEXT: Record<PodEvent['kind'], string> = {
  started: 'Pod started',
  stopped: 'Pod stopped',
  'spot-interruption': 'Spot interruption (the pod left with its node)',
};

const WINDOW_TITLES: Record<CostWindow, string> = {
  '1h': 'Last hour',
  '1d': 'Last day',
  '7d': 'Last 7 days',
  '28d': 'Last 28 days',
  '30d': 'Last 30 days',
  month: 'This month',
};

/** What a Component or AIModel cost: GPUs, tokens, tenants, budget. */
export function EntityCostCard() {
  const { entity } = useEntity();
  const api = useApi(aiOpsApiRef);
  const ref = getCompoundEntityRef(entity);
  const [costWindow, setCostWindow] = useState<CostWindow>('30d');
  const state = useAsyncRetry(
    () => api.getCost(ref, costWindow),
    [api, ref.kind, ref.namespace, ref.name, costWindow],
  );
  if (state.loading && !state.value) return <Progress />;
  if (state.error) {
    return (
      <Unreachable title={TITLE} error={state.error} retry={state.retry} />
    );
  }
  const response = state.value!;
  if (response.status !== 'ok') {
    return <NothingToShow title={TITLE} message={response.message} />;
  }
  const c = response.cost;
  const money = (n: number) =>
    n.toLocaleString(undefined, {
      style: 'currency',
      currency: c.currency,
      maximumFractionDigits: n < 100 ? 2 : 0,
    });
  const tenants = c.tenants.map(t => t.tenant);
  const data = c.daily.map(d => ({
    day: d.day.slice(5),
    ...(tenants.length
      ? Object.fromEntries(
          tenants.map(t => [t, Number((d.byTenant[t] ?? 0).toFixed(2))]),
        )
      : { cost: Number(d.total.toFixed(2)) }),
  }));
  const sh = c.selfHosted;
  return (
    <InfoCard
      title={TITLE}
      subheader={
        <SourceLabel
          source={response.source}
          extra={WINDOW_TITLES[costWindow].toLocaleLowerCase()}
        />
      }
      action={
        <Select
          value={costWindow}
          onChange={e => setCostWindow(e.target.value as CostWindow)}
          aria-label="Window"
          disableUnderline
        >
          {COST_WINDOWS.map(w => (
            <MenuItem key={w} value={w}>
              {WINDOW_TITLES[w]}
            </MenuItem>
          ))}
        </Select>
      }
    >
      {c.selfHostedMissing && (
        <Box mb={2}>
          <Alert severity="warning" data-testid="self-hosted-missing">
            The total leaves out this entity's GPUs: {c.selfHostedMissing}.
          </Alert>
        </Box>
      )}
      <Grid container spacing={2}>
        <Grid item xs={6} md={3}>
          <Figure
            label="Total"
            value={money(c.total)}
            note={c.selfHostedMissing ? 'without GPU cost' : undefined}
          />
        </Grid>
        <Grid item xs={6} md={3}>
          <Figure
            label="Per 1M tokens"
            value={c.costPer1MTokens === null ? '–' : money(c.costPer1MTokens)}
            note={
              c.tokens
                ? `${((c.tokens.input + c.tokens.output) / 1e6).toFixed(
                    1,
                  )}M tokens`
                : undefined
            }
          />
        </Grid>
        {sh && (
          <>
            <Grid item xs={6} md={3}>
              <Figure
                label="GPU-hours"
                value={Math.round(
                  sh.gpuHours.onDemand + sh.gpuHours.spot,
                ).toLocaleString()}
                note={`${Math.round(
                  sh.gpuHours.onDemand,
                )} on demand · ${Math.round(sh.gpuHours.spot)} spot`}
              />
            </Grid>
            <Grid item xs={6} md={3}>
              <Figure
                label="Spot savings"
                value={money(sh.spotSavings)}
                note={`against ${money(sh.onDemandEquivalent)} all on demand`}
              />
            </Grid>
            {sh.idle && (
              <Grid item xs={6} md={3}>
                <Figure
                  label="Idle GPU waste"
                  value={money(sh.idle.cost)}
                  note={`${pct(sh.idle.utilisation, 0)} average utilisation`}
                />
              </Grid>
            )}
          </>
        )}
        {c.hosted && (
          <Grid item xs={6} md={3}>
            <Figure label="Hosted APIs" value={money(c.hosted.cost)} />
          </Grid>
        )}
      </Grid>
      {c.budget && <Budget cost={c} money={money} />}
      <Box mt={2}>
        <Typography variant="subtitle2">
          Daily cost{tenants.length ? ' by tenant (share of tokens)' : ''}
        </Typography>
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 8, right: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} />
            <Tooltip formatter={(v: number) => money(v)} />
            {tenants.length > 1 && <Legend />}
            {(tenants.length ? tenants : ['cost']).map((t, i) => (
              <Bar
                key={t}
                dataKey={t}
                stackId="cost"
                fill={COLOURS[i % COLOURS.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </Box>
      {c.tenants.length > 0 && (
        <Table size="small" aria-label="Cost by tenant">
          <TableHead>
            <TableRow>
              <TableCell>Tenant</TableCell>
              <TableCell align="right">Tokens</TableCell>
              <TableCell align="right">Share</TableCell>
              <TableCell align="right">Cost</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {c.tenants.map(t => (
              <TableRow key={t.tenant}>
                <TableCell>{t.tenant}</TableCell>
                <TableCell align="right">{tokens(t.tokens)}</TableCell>
                <TableCell align="right">{pct(t.share, 1)}</TableCell>
                <TableCell align="right">{money(t.cost)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {c.hosted && (
        <Table size="small" aria-label="Hosted API models">
          <TableHead>
            <TableRow>
              <TableCell>Hosted model</TableCell>
              <TableCell align="right">Input tokens</TableCell>
              <TableCell align="right">Output tokens</TableCell>
              <TableCell align="right">Cost</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {c.hosted.byModel.map(m => (
              <TableRow key={m.model}>
                <TableCell>{m.model}</TableCell>
                <TableCell align="right">{tokens(m.inputTokens)}</TableCell>
                <TableCell align="right">{tokens(m.outputTokens)}</TableCell>
                <TableCell align="right">{money(m.cost)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {sh && sh.events.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" id="cost-pod-events">
            GPU pods started and stopped
          </Typography>
          <Table size="small" aria-labelledby="cost-pod-events">
            <TableHead>
              <TableRow>
                <TableCell>When (UTC)</TableCell>
                <TableCell>Event</TableCell>
                <TableCell>Pod</TableCell>
                <TableCell>Node</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {sh.events.map(e => (
                <TableRow key={`${e.at} ${e.kind} ${e.namespace}/${e.pod}`}>
                  <TableCell>{e.at.slice(0, 16).replace('T', ' ')}</TableCell>
                  <TableCell>{EVENT_TEXT[e.kind]}</TableCell>
                  <TableCell>
                    {e.namespace}/{e.pod}
                  </TableCell>
                  <TableCell>
                    {e.node} ({e.capacity === 'spot' ? 'spot' : 'on demand'})
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {sh && sh.unpriced.length > 0 && (
        <Alert severity="warning" style={{ marginTop: 8 }}>
          No price for GPU type {sh.unpriced.join(', ')}: add it to
          aiRefarch.gpuPrices; its GPU-hours count at zero cost.
        </Alert>
      )}
    </InfoCard>
  );
}
