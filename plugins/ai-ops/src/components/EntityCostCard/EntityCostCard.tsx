import { useState } from 'react';
import { Box } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { CostWindow } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsTranslationRef } from '../../translation';
import { moneyIn, SourceLabel, WindowSelect } from '../states';
import { useEntityReport } from '../useEntityReport';
import { Budget } from './Budget';
import { CostFigures } from './CostFigures';
import {
  AttributedTable,
  HostedAlternatives,
  HostedApiTable,
  PodEvents,
  TenantTable,
  UnpricedWarning,
  WithinSloTable,
} from './CostTables';
import { DailyCostChart } from './DailyCostChart';

/** What a Component or AIModel cost: GPUs, tokens, tenants, budget. */
export function EntityCostCard() {
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const title = t('cost.title');
  const [costWindow, setCostWindow] = useState<CostWindow>('30d');
  const { report, view } = useEntityReport(
    title,
    (api, ref) => api.getCost(ref, costWindow),
    [costWindow],
  );
  if (view) return view;
  const c = report.cost;
  const money = moneyIn(c.currency);
  // A model's own page: its cost from its servers is its total, not a share.
  const shares =
    c.attributed?.byModel.filter(m => m.entityRef !== report.entityRef) ?? [];
  const costs = { cost: c, money };
  return (
    <InfoCard
      title={title}
      subheader={
        <SourceLabel
          source={report.source}
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
      <CostFigures
        {...costs}
        sharesTotal={
          shares.length ? shares.reduce((a, m) => a + m.cost, 0) : null
        }
      />
      {c.budget && <Budget budget={c.budget} money={money} />}
      <DailyCostChart {...costs} />
      <TenantTable {...costs} />
      <HostedApiTable {...costs} />
      <HostedAlternatives {...costs} />
      <WithinSloTable {...costs} />
      <AttributedTable {...costs} shares={shares} />
      <PodEvents {...costs} />
      <UnpricedWarning {...costs} />
    </InfoCard>
  );
}
