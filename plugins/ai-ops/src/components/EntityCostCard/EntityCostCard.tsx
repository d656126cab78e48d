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
  Theme,
  Typography,
  useTheme,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
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
import { CostReport, CostWindow } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsApiRef } from '../../api';
import { aiOpsTranslationRef } from '../../translation';
import {
  moneyIn,
  NothingToShow,
  pct,
  SourceLabel,
  textOn,
  Unreachable,
  WindowSelect,
  tokenCount,
} from '../states';

/**
 * The tenants' series in the daily chart: distinct hues of the theme's own
 * palette, so that they follow the light and dark themes; the legend and
 * the tenant table name them.
 */
const seriesColours = (theme: Theme) => [
  theme.palette.primary.main,
  theme.palette.secondary.main,
  theme.palette.info.main,
  theme.palette.warning.main,
  theme.palette.success.main,
  theme.palette.grey[500],
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
  const { t } = useTranslationRef(aiOpsTranslationRef);
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
          {t(
            b.status === 'unknown'
              ? 'cost.budget.unknown'
              : 'cost.budget.known',
            {
              monthToDate: props.money(b.monthToDate),
              amount: props.money(b.amount),
              projected: props.money(b.projectedMonthEnd),
            },
          )}
        </Typography>
        <Chip
          size="small"
          label={
            {
              under: t('cost.budget.under'),
              'at-risk': t('cost.budget.atRisk'),
              over: t('cost.budget.over'),
              unknown: t('cost.budget.unknownStatus'),
            }[b.status]
          }
          style={{ backgroundColor: colour, color: textOn(theme, colour) }}
        />
      </Box>
      <Box
        role="meter"
        aria-label={t('cost.budget.meter')}
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

/** What a Component or AIModel cost: GPUs, tokens, tenants, budget. */
export function EntityCostCard() {
  const { entity } = useEntity();
  const theme = useTheme();
  const colours = seriesColours(theme);
  const api = useApi(aiOpsApiRef);
  const ref = getCompoundEntityRef(entity);
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const title = t('cost.title');
  const [costWindow, setCostWindow] = useState<CostWindow>('30d');
  const state = useAsyncRetry(
    () => api.getCost(ref, costWindow),
    [api, ref.kind, ref.namespace, ref.name, costWindow],
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
  const c = response.cost;
  const money = moneyIn(c.currency);
  const orDash = (n: number | null) => (n === null ? '–' : money(n));
  // A model's own page: its cost from its servers is its total, not a share.
  const shares =
    c.attributed?.byModel.filter(m => m.entityRef !== response.entityRef) ?? [];
  const tenants = c.tenants.map(row => row.tenant);
  const byDirection = c.tenants.some(row => row.inputTokens !== null);
  const data = c.daily.map(d => ({
    day: d.day.slice(5),
    ...(tenants.length
      ? Object.fromEntries(
          tenants.map(name => [
            name,
            Number((d.byTenant[name] ?? 0).toFixed(2)),
          ]),
        )
      : { cost: Number(d.total.toFixed(2)) }),
  }));
  const sh = c.selfHosted;
  // The daily chart's text alternative; the tenant table has the split.
  const highest = c.daily.reduce(
    (a, d) => (d.total > a.total ? d : a),
    c.daily[0] ?? { day: '', total: 0 },
  );
  const dailySummary = t('cost.dailySummary', {
    first: c.daily[0]?.day ?? '',
    last: c.daily[c.daily.length - 1]?.day ?? '',
    highest: money(highest.total),
    highestDay: highest.day,
    latest: money(c.daily[c.daily.length - 1]?.total ?? 0),
  });
  return (
    <InfoCard
      title={title}
      subheader={
        <SourceLabel
          source={response.source}
          extra={t(`cost.windows.${costWindow}`).toLocaleLowerCase()}
        />
      }
      action={
        <WindowSelect
          value={costWindow}
          onChange={setCostWindow}
          label={t('cost.window')}
        />
      }
    >
      {c.selfHostedMissing && (
        <Box mb={2}>
          <Alert severity="warning" data-testid="self-hosted-missing">
            {t('cost.selfHostedMissing', { reason: c.selfHostedMissing })}
          </Alert>
        </Box>
      )}
      {c.attributedMissing.length > 0 && (
        <Box mb={2}>
          <Alert severity="warning" data-testid="attributed-missing">
            {t('cost.attributedMissing', {
              reasons: c.attributedMissing.join('; '),
            })}
          </Alert>
        </Box>
      )}
      <Grid container spacing={2}>
        <Grid item xs={6} md={3}>
          <Figure
            label={t('cost.total')}
            value={money(c.total)}
            note={c.selfHostedMissing ? t('cost.withoutGpuCost') : undefined}
          />
        </Grid>
        <Grid item xs={6} md={3}>
          <Figure
            label={t('cost.per1MTokens')}
            value={c.costPer1MTokens === null ? '–' : money(c.costPer1MTokens)}
            note={
              c.tokens
                ? t('cost.tokenCount', {
                    tokens: tokenCount(c.tokens.input + c.tokens.output),
                  })
                : undefined
            }
          />
        </Grid>
        {c.tokens && (c.perDirection || c.perDirectionMissing) && (
          <Grid item xs={6} md={3}>
            <Figure
              label={t('cost.perDirection')}
              value={
                c.perDirection
                  ? t('cost.perDirectionValue', {
                      input: orDash(c.perDirection.inputPer1MTokens),
                      output: orDash(c.perDirection.outputPer1MTokens),
                    })
                  : '–'
              }
              note={c.perDirectionMissing ?? undefined}
            />
          </Grid>
        )}
        {sh && (
          <>
            <Grid item xs={6} md={3}>
              <Figure
                label={t('cost.gpuHours')}
                value={Math.round(
                  sh.gpuHours.onDemand + sh.gpuHours.spot,
                ).toLocaleString()}
                note={t('cost.gpuHoursSplit', {
                  onDemand: String(Math.round(sh.gpuHours.onDemand)),
                  spot: String(Math.round(sh.gpuHours.spot)),
                })}
              />
            </Grid>
            <Grid item xs={6} md={3}>
              <Figure
                label={t('cost.spotSavings')}
                value={money(sh.spotSavings)}
                note={t('cost.againstOnDemand', {
                  amount: money(sh.onDemandEquivalent),
                })}
              />
            </Grid>
            {sh.idle && (
              <Grid item xs={6} md={3}>
                <Figure
                  label={t('cost.idleWaste')}
                  value={money(sh.idle.cost)}
                  note={t('cost.averageUtilisation', {
                    share: pct(sh.idle.utilisation, 0),
                  })}
                />
              </Grid>
            )}
          </>
        )}
        {c.hosted && (
          <Grid item xs={6} md={3}>
            <Figure label={t('cost.hostedApis')} value={money(c.hosted.cost)} />
          </Grid>
        )}
        {shares.length > 0 && (
          <Grid item xs={6} md={3}>
            <Figure
              label={t('cost.selfHostedModels')}
              value={money(shares.reduce((a, m) => a + m.cost, 0))}
            />
          </Grid>
        )}
      </Grid>
      {c.budget && <Budget cost={c} money={money} />}
      <Box mt={2}>
        <Typography variant="subtitle2">
          {tenants.length ? t('cost.dailyByTenant') : t('cost.daily')}
        </Typography>
        <Box role="img" aria-label={dailySummary}>
          <ResponsiveContainer width="100%" height={200}>
            <BarChart data={data} margin={{ top: 8, right: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} />
              <YAxis tick={{ fontSize: 11 }} />
              <Tooltip formatter={(v: number) => money(v)} />
              {tenants.length > 1 && <Legend />}
              {(tenants.length ? tenants : ['cost']).map((key, i) => (
                <Bar
                  key={key}
                  dataKey={key}
                  stackId="cost"
                  fill={colours[i % colours.length]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </Box>
      </Box>
      {c.tenants.length > 0 && (
        <Table size="small" aria-label={t('cost.tenants.label')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('cost.tenants.tenant')}</TableCell>
              {byDirection && (
                <>
                  <TableCell align="right">
                    {t('cost.hosted.inputTokens')}
                  </TableCell>
                  <TableCell align="right">
                    {t('cost.hosted.outputTokens')}
                  </TableCell>
                </>
              )}
              <TableCell align="right">{t('cost.tenants.tokens')}</TableCell>
              <TableCell align="right">{t('cost.tenants.share')}</TableCell>
              <TableCell align="right">{t('cost.tenants.cost')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {c.tenants.map(row => (
              <TableRow key={row.tenant}>
                <TableCell>{row.tenant}</TableCell>
                {byDirection && (
                  <>
                    <TableCell align="right">
                      {tokenCount(row.inputTokens ?? 0)}
                    </TableCell>
                    <TableCell align="right">
                      {tokenCount(row.outputTokens ?? 0)}
                    </TableCell>
                  </>
                )}
                <TableCell align="right">{tokenCount(row.tokens)}</TableCell>
                <TableCell align="right">{pct(row.share, 1)}</TableCell>
                <TableCell align="right">{money(row.cost)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {c.hosted && (
        <Table size="small" aria-label={t('cost.hosted.label')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('cost.hosted.model')}</TableCell>
              <TableCell align="right">
                {t('cost.hosted.inputTokens')}
              </TableCell>
              <TableCell align="right">
                {t('cost.hosted.cachedInputTokens')}
              </TableCell>
              <TableCell align="right">
                {t('cost.hosted.outputTokens')}
              </TableCell>
              <TableCell align="right">{t('cost.hosted.cost')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {c.hosted.byModel.map(m => (
              <TableRow key={m.model}>
                <TableCell>{m.model}</TableCell>
                <TableCell align="right">{tokenCount(m.inputTokens)}</TableCell>
                <TableCell align="right">
                  {tokenCount(m.cachedInputTokens)}
                </TableCell>
                <TableCell align="right">
                  {tokenCount(m.outputTokens)}
                </TableCell>
                <TableCell align="right">{money(m.cost)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {c.hostedAlternatives.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" id="cost-alternatives">
            {t('cost.alternatives.label')}
          </Typography>
          {c.tokensPerHour !== null && (
            <Typography variant="body2" color="textSecondary">
              {c.requestsPerHour !== null
                ? t('cost.alternatives.observedRequests', {
                    rate: tokenCount(c.tokensPerHour),
                    requests: tokenCount(c.requestsPerHour),
                  })
                : t('cost.alternatives.observed', {
                    rate: tokenCount(c.tokensPerHour),
                  })}
            </Typography>
          )}
          <Table size="small" aria-labelledby="cost-alternatives">
            <TableHead>
              <TableRow>
                <TableCell>{t('cost.alternatives.model')}</TableCell>
                <TableCell align="right">
                  {t('cost.alternatives.cost')}
                </TableCell>
                <TableCell align="right">
                  {t('cost.alternatives.per1M')}
                </TableCell>
                <TableCell align="right">
                  {t('cost.alternatives.breakEven')}
                </TableCell>
                {c.requestsPerHour !== null && (
                  <TableCell align="right">
                    {t('cost.alternatives.breakEvenRequests')}
                  </TableCell>
                )}
              </TableRow>
            </TableHead>
            <TableBody>
              {c.hostedAlternatives.map(a => (
                <TableRow key={a.entityRef}>
                  <TableCell>
                    <EntityRefLink entityRef={a.entityRef} />
                  </TableCell>
                  <TableCell align="right">{money(a.cost)}</TableCell>
                  <TableCell align="right">
                    {money(a.costPer1MTokens)}
                  </TableCell>
                  <TableCell align="right">
                    {tokenCount(a.breakEvenTokensPerHour)}
                  </TableCell>
                  {c.requestsPerHour !== null && (
                    <TableCell align="right">
                      {a.breakEvenRequestsPerHour === null
                        ? '—'
                        : tokenCount(a.breakEvenRequestsPerHour)}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {c.withinSlo.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" id="cost-within-slo">
            {t('cost.withinSlo.label')}
          </Typography>
          <Table size="small" aria-labelledby="cost-within-slo">
            <TableHead>
              <TableRow>
                <TableCell>{t('cost.withinSlo.slo')}</TableCell>
                <TableCell align="right">{t('cost.withinSlo.share')}</TableCell>
                <TableCell align="right">
                  {t('cost.withinSlo.tokens')}
                </TableCell>
                <TableCell align="right">{t('cost.withinSlo.cost')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {c.withinSlo.map(row => (
                <TableRow key={row.slo}>
                  <TableCell>{row.displayName}</TableCell>
                  <TableCell align="right">
                    {row.share === null ? '–' : pct(row.share, 1)}
                  </TableCell>
                  <TableCell align="right">
                    {row.tokens === null ? '–' : tokenCount(row.tokens)}
                  </TableCell>
                  <TableCell align="right">
                    {row.costPer1MTokens === null
                      ? row.reason ?? '–'
                      : money(row.costPer1MTokens)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {shares.length > 0 && (
        <Table size="small" aria-label={t('cost.attributed.label')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('cost.attributed.model')}</TableCell>
              <TableCell>{t('cost.attributed.servedBy')}</TableCell>
              <TableCell align="right">{t('cost.attributed.tokens')}</TableCell>
              <TableCell align="right">{t('cost.attributed.share')}</TableCell>
              <TableCell align="right">{t('cost.attributed.cost')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shares.map(m => (
              <TableRow key={m.entityRef}>
                <TableCell>
                  <EntityRefLink entityRef={m.entityRef} />
                </TableCell>
                <TableCell>
                  {m.servedBy.map((server, i) => (
                    <span key={server}>
                      {i > 0 && ', '}
                      <EntityRefLink
                        entityRef={server}
                        defaultKind="component"
                      />
                    </span>
                  ))}
                </TableCell>
                <TableCell align="right">
                  {tokenCount(m.inputTokens + m.outputTokens)}
                </TableCell>
                <TableCell align="right">{pct(m.share, 1)}</TableCell>
                <TableCell align="right">{money(m.cost)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {sh && sh.events.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" id="cost-pod-events">
            {t('cost.events.title')}
          </Typography>
          <Table size="small" aria-labelledby="cost-pod-events">
            <TableHead>
              <TableRow>
                <TableCell>{t('cost.events.when')}</TableCell>
                <TableCell>{t('cost.events.event')}</TableCell>
                <TableCell>{t('cost.events.pod')}</TableCell>
                <TableCell>{t('cost.events.node')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {sh.events.map(e => (
                <TableRow key={`${e.at} ${e.kind} ${e.namespace}/${e.pod}`}>
                  <TableCell>{e.at.slice(0, 16).replace('T', ' ')}</TableCell>
                  <TableCell>
                    {
                      {
                        started: t('cost.events.started'),
                        stopped: t('cost.events.stopped'),
                        'spot-interruption': t('cost.events.spotInterruption'),
                      }[e.kind]
                    }
                  </TableCell>
                  <TableCell>
                    {e.namespace}/{e.pod}
                  </TableCell>
                  <TableCell>
                    {e.node} (
                    {e.capacity === 'spot'
                      ? t('cost.events.spot')
                      : t('cost.events.onDemand')}
                    )
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {sh && sh.unpriced.length > 0 && (
        <Alert severity="warning" style={{ marginTop: 8 }}>
          {t('cost.unpriced', { types: sh.unpriced.join(', ') })}
        </Alert>
      )}
    </InfoCard>
  );
}
