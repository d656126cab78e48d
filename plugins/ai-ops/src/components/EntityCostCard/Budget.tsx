import { Box, Chip, Typography, useTheme } from '@material-ui/core';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { CostReport } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsTranslationRef } from '../../translation';
import { textOn } from '../states';

/** Month to date against the budget, projected to month end, as a meter. */
export function Budget(props: {
  budget: NonNullable<CostReport['budget']>;
  money: (n: number) => string;
}) {
  const theme = useTheme();
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const b = props.budget;
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
