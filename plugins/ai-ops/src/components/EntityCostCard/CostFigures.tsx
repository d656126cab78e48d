import { Box, Grid, Typography } from '@material-ui/core';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { CostReport } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsTranslationRef } from '../../translation';
import { pct, tokenCount } from '../states';

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

/**
 * The cost's headline figures: total, per 1M tokens (and per direction),
 * GPU-hours with the spot split, spot savings, idle cost, hosted APIs and
 * the self-hosted models' shares.
 */
export function CostFigures(props: {
  cost: CostReport;
  /** The models whose cost this entity's servers carry, not the entity's own. */
  sharesTotal: number | null;
  money: (n: number) => string;
}) {
  const { cost: c, sharesTotal, money } = props;
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const orDash = (n: number | null) => (n === null ? '–' : money(n));
  const sh = c.selfHosted;
  return (
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
      {sharesTotal !== null && (
        <Grid item xs={6} md={3}>
          <Figure
            label={t('cost.selfHostedModels')}
            value={money(sharesTotal)}
          />
        </Grid>
      )}
    </Grid>
  );
}
