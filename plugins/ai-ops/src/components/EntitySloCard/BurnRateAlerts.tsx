import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { StatusError, StatusOK } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { SloReport } from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsTranslationRef } from '../../translation';

/** An SLO's multi-window burn-rate alerts: their rates now, and whether they fire. */
export function BurnRateAlerts(props: { alerts: SloReport['alerts'] }) {
  const { t } = useTranslationRef(aiOpsTranslationRef);
  return (
    <Table size="small" aria-label={t('slo.alerts.label')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('slo.alerts.alert')}</TableCell>
          <TableCell align="right">{t('slo.alerts.longWindow')}</TableCell>
          <TableCell align="right">{t('slo.alerts.shortWindow')}</TableCell>
          <TableCell>{t('slo.alerts.fires')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.alerts.map(a => (
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
  );
}
