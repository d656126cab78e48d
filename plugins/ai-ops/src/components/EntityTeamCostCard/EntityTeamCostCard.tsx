import { useState } from 'react';
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
import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { CostWindow } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsTranslationRef } from '../../translation';
import { moneyIn, tokenCount, WindowSelect } from '../states';
import { useEntityReport } from '../useEntityReport';

/** Figures stay on one line; the reasons beside them wrap. */
const figure = { whiteSpace: 'nowrap' } as const;

/**
 * On a Group's page: what the AI models the team owns cost, and per SLO
 * indicator their cost per 1M tokens served within their SLOs.
 */
export function EntityTeamCostCard() {
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const title = t('teamCost.title');
  const [costWindow, setCostWindow] = useState<CostWindow>('30d');
  const { report: response, view } = useEntityReport(
    title,
    (api, ref) => api.getTeamCost(ref, costWindow),
    [costWindow],
    t('teamCost.noModels'),
  );
  if (view) return view;
  const c = response.cost;
  const money = moneyIn(c.currency);
  let summary: string = t('teamCost.noFigures');
  if (c.total !== null) {
    summary =
      c.tokens && c.costPer1MTokens !== null
        ? t('teamCost.summary', {
            models: String(c.models.length),
            total: money(c.total),
            tokens: tokenCount(c.tokens),
            per1M: money(c.costPer1MTokens),
          })
        : t('teamCost.summaryNoTokens', {
            models: String(c.models.length),
            total: money(c.total),
          });
  }
  const titleOf = new Map(c.models.map(m => [m.entityRef, m.title]));
  return (
    <InfoCard
      title={title}
      subheader={t(`cost.windows.${costWindow}`)}
      action={
        <WindowSelect
          value={costWindow}
          onChange={setCostWindow}
          label={t('cost.window')}
        />
      }
    >
      <Typography paragraph>{summary}</Typography>
      {!c.complete && c.total !== null && (
        <Box mb={2}>
          <Alert severity="warning" data-testid="team-cost-incomplete">
            {t('teamCost.incomplete')}
          </Alert>
        </Box>
      )}
      {c.withinSlo.length > 0 && (
        <Box mb={2}>
          <Typography variant="subtitle2" id="team-cost-within-slo">
            {t('teamCost.withinSlo.label')}
          </Typography>
          <Table size="small" aria-labelledby="team-cost-within-slo">
            <TableHead>
              <TableRow>
                <TableCell>{t('teamCost.withinSlo.indicator')}</TableCell>
                <TableCell align="right">
                  {t('teamCost.withinSlo.models')}
                </TableCell>
                <TableCell align="right">
                  {t('teamCost.withinSlo.tokens')}
                </TableCell>
                <TableCell align="right">
                  {t('teamCost.withinSlo.cost')}
                </TableCell>
                <TableCell align="right">
                  {t('teamCost.withinSlo.per1M')}
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {c.withinSlo.map(row => (
                <TableRow key={row.indicator}>
                  <TableCell>
                    {t(`teamCost.indicators.${row.indicator}`)}
                    {row.unmeasured.length > 0 && (
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        display="block"
                      >
                        {t('teamCost.withinSlo.notMeasured', {
                          models: row.unmeasured
                            .map(
                              u =>
                                `${titleOf.get(u.entityRef) ?? u.entityRef} (${
                                  u.reason
                                })`,
                            )
                            .join('; '),
                        })}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell align="right">{row.models.length}</TableCell>
                  <TableCell align="right" style={figure}>
                    {tokenCount(row.tokens)}
                  </TableCell>
                  <TableCell align="right" style={figure}>
                    {money(row.cost)}
                  </TableCell>
                  <TableCell align="right" style={figure}>
                    {row.costPer1MTokens === null
                      ? '–'
                      : money(row.costPer1MTokens)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      <Typography variant="subtitle2" id="team-cost-models">
        {t('teamCost.models.label')}
      </Typography>
      <Table size="small" aria-labelledby="team-cost-models">
        <TableHead>
          <TableRow>
            <TableCell>{t('teamCost.models.model')}</TableCell>
            <TableCell align="right" style={figure}>
              {t('teamCost.models.cost')}
            </TableCell>
            <TableCell align="right" style={figure}>
              {t('teamCost.models.tokens')}
            </TableCell>
            <TableCell>{t('teamCost.models.status')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {c.models.map(m => (
            <TableRow key={m.entityRef}>
              <TableCell>
                <EntityRefLink entityRef={m.entityRef} title={m.title} />
              </TableCell>
              <TableCell align="right" style={figure}>
                {m.cost === null ? '–' : money(m.cost)}
              </TableCell>
              <TableCell align="right" style={figure}>
                {m.tokens === null ? '–' : tokenCount(m.tokens)}
              </TableCell>
              <TableCell>
                {t(`teamCost.models.${m.status}`)}
                {m.message && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    display="block"
                  >
                    {m.message}
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
