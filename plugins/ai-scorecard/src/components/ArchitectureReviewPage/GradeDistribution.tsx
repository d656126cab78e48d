import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import useAsync from 'react-use/esm/useAsync';
import { CHAPTERS, GRADES } from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef } from '../../api';
import { aiScorecardTranslationRef } from '../../translation';
import { GradeChip } from '../GradeChip';

/** How many entities have each grade, overall and per chapter. */
export function GradeDistribution(props: { kind?: string }) {
  const api = useApi(aiScorecardApiRef);
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const distribution = useAsync(
    () => api.getDistribution({ kind: props.kind }),
    [api, props.kind],
  );
  return (
    <InfoCard title={t('review.distribution.title')}>
      {distribution.error && <ResponseErrorPanel error={distribution.error} />}
      {distribution.value && (
        <Table size="small" aria-label={t('review.distribution.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('review.distribution.chapter')}</TableCell>
              {GRADES.map(g => (
                <TableCell key={g} align="center">
                  <GradeChip grade={g} compact />
                </TableCell>
              ))}
              <TableCell align="center">
                {t('review.distribution.notGraded')}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {[
              {
                id: 'overall' as const,
                number: '',
                title: t('review.distribution.overall'),
              },
              ...CHAPTERS,
            ].map(c => (
              <TableRow key={c.id}>
                <TableCell>
                  {c.number} {c.title}
                </TableCell>
                {[...GRADES, 'none'].map(g => (
                  <TableCell key={g} align="center">
                    {distribution.value![c.id]?.[g] ?? 0}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
