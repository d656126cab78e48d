import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Theme,
  Typography,
  useTheme,
} from '@material-ui/core';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { CostWindow, SloReport } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsTranslationRef } from '../../translation';
import { pct, textOn } from '../states';

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

/**
 * Each SLO in words with its SLI over the chosen window, attainment,
 * error budget left and status; a row is selected to show its charts.
 */
export function SloTable(props: {
  slos: SloReport[];
  countWindow: CostWindow;
  selected: SloReport | undefined;
  onSelect: (index: number) => void;
}) {
  const { slos, countWindow, selected, onSelect } = props;
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const describeObjective = useDescribeObjective();
  return (
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
        {slos.map((s, i) => (
          <TableRow
            key={s.name}
            hover
            selected={s === selected}
            onClick={() => onSelect(i)}
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
              {s.scores && (
                <Typography
                  variant="caption"
                  display="block"
                  color="textSecondary"
                  data-testid="slo-scores"
                >
                  {t(
                    s.scores.demo ? 'slo.table.scoresDemo' : 'slo.table.scores',
                    {
                      score: s.scores.score,
                      project: s.scores.project,
                      backend: s.scores.backend,
                    },
                  )}
                </Typography>
              )}
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
                      total: Math.round(s.windowCounts.total).toLocaleString(),
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
  );
}
