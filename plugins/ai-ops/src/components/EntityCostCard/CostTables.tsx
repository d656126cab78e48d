import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { CostReport } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsTranslationRef } from '../../translation';
import { pct, tokenCount } from '../states';

type Props = { cost: CostReport; money: (n: number) => string };

/** The cost per tenant, with tokens per direction where the counters tell them apart. */
export function TenantTable(props: Props) {
  const { cost: c, money } = props;
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const byDirection = c.tenants.some(row => row.inputTokens !== null);
  if (!(c.tenants.length > 0)) return null;
  return (
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
  );
}

/** The hosted APIs' tokens (cached input apart) and cost per model. */
export function HostedApiTable(props: Props) {
  const { cost: c, money } = props;
  const { t } = useTranslationRef(aiOpsTranslationRef);
  if (!c.hosted) return null;
  return (
    <Table size="small" aria-label={t('cost.hosted.label')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('cost.hosted.model')}</TableCell>
          <TableCell align="right">{t('cost.hosted.inputTokens')}</TableCell>
          <TableCell align="right">
            {t('cost.hosted.cachedInputTokens')}
          </TableCell>
          <TableCell align="right">{t('cost.hosted.outputTokens')}</TableCell>
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
            <TableCell align="right">{tokenCount(m.outputTokens)}</TableCell>
            <TableCell align="right">{money(m.cost)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** What the hosted models of the catalog with the same capability would cost for the observed traffic, and the rate at which self-hosting breaks even. */
export function HostedAlternatives(props: Props) {
  const { cost: c, money } = props;
  const { t } = useTranslationRef(aiOpsTranslationRef);
  if (!(c.hostedAlternatives.length > 0)) return null;
  return (
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
            <TableCell align="right">{t('cost.alternatives.cost')}</TableCell>
            <TableCell align="right">{t('cost.alternatives.per1M')}</TableCell>
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
              <TableCell align="right">{money(a.costPer1MTokens)}</TableCell>
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
  );
}

/** The cost per 1M tokens served within each SLO. */
export function WithinSloTable(props: Props) {
  const { cost: c, money } = props;
  const { t } = useTranslationRef(aiOpsTranslationRef);
  if (!(c.withinSlo.length > 0)) return null;
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" id="cost-within-slo">
        {t('cost.withinSlo.label')}
      </Typography>
      <Table size="small" aria-labelledby="cost-within-slo">
        <TableHead>
          <TableRow>
            <TableCell>{t('cost.withinSlo.slo')}</TableCell>
            <TableCell align="right">{t('cost.withinSlo.share')}</TableCell>
            <TableCell align="right">{t('cost.withinSlo.tokens')}</TableCell>
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
  );
}

/** The self-hosted models this entity's servers serve, with each one's share of the cost. */
export function AttributedTable(
  props: Props & { shares: NonNullable<CostReport['attributed']>['byModel'] },
) {
  const { money, shares } = props;
  const { t } = useTranslationRef(aiOpsTranslationRef);
  if (!(shares.length > 0)) return null;
  return (
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
                  <EntityRefLink entityRef={server} defaultKind="component" />
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
  );
}

/** Pod starts, stops and spot interruptions in the window. */
export function PodEvents(props: Props) {
  const sh = props.cost.selfHosted;
  const { t } = useTranslationRef(aiOpsTranslationRef);
  if (!(sh && sh.events.length > 0)) return null;
  return (
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
  );
}

/** The GPU types without a price, whose hours cost nothing here. */
export function UnpricedWarning(props: Props) {
  const sh = props.cost.selfHosted;
  const { t } = useTranslationRef(aiOpsTranslationRef);
  if (!(sh && sh.unpriced.length > 0)) return null;
  return (
    <Alert severity="warning" style={{ marginTop: 8 }}>
      {t('cost.unpriced', { types: sh.unpriced.join(', ') })}
    </Alert>
  );
}
