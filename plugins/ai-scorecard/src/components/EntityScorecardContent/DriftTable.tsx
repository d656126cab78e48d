import {
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { DRIFT_FACT, DriftItem } from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardTranslationRef } from '../../translation';
import { TableHeader } from '../TableHeader';

/** Whether a piece of evidence is the drift between catalog and cluster. */
export function isDrift(evidence: {
  fact: string;
  actual?: unknown;
}): evidence is { fact: string; actual: DriftItem[] } {
  return (
    evidence.fact === DRIFT_FACT &&
    Array.isArray(evidence.actual) &&
    evidence.actual.length > 0
  );
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Declared and observed values side by side, each with where it came from. */
export function DriftTable(props: { items: DriftItem[] }) {
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  return (
    <Table size="small" aria-label={t('drift.label')}>
      <TableHeader
        columns={[t('drift.setting'), t('drift.declared'), t('drift.observed')]}
      />
      <TableBody>
        {props.items.map(item => (
          <TableRow key={`${item.field} ${item.observedIn}`}>
            <TableCell style={{ whiteSpace: 'nowrap' }}>{item.field}</TableCell>
            <TableCell>
              <strong>{text(item.declared)}</strong>
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                {item.declaredIn}
              </Typography>
            </TableCell>
            <TableCell>
              <strong>{text(item.observed)}</strong>
              {item.note && (
                <Typography variant="body2" component="div">
                  {item.note}
                </Typography>
              )}
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                {item.observedIn}
              </Typography>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
