import { Box } from '@material-ui/core';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { aiScorecardApiRef } from '../../api';
import { aiScorecardTranslationRef } from '../../translation';
import { GradeChip } from '../GradeChip';

/** The five lowest scores. */
export function WorstOffenders(props: { kind?: string }) {
  const api = useApi(aiScorecardApiRef);
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const worst = useAsync(
    () =>
      api.getOverview({
        kind: props.kind,
        pageSize: 5,
        sort: 'score',
        order: 'asc',
      }),
    [api, props.kind],
  );
  return (
    <InfoCard title={t('review.worst.title')}>
      {worst.error && <ResponseErrorPanel error={worst.error} />}
      {worst.value?.items.map(r => (
        <Box key={r.entityRef} display="flex" alignItems="center" mb={1}>
          <GradeChip grade={r.grade} />
          <Box ml={1} flexGrow={1}>
            <EntityRefLink entityRef={r.entityRef} title={r.title} />
          </Box>
          {r.grade === 'Incomplete' && r.coverage !== null
            ? t('review.worst.scoreWithCoverage', {
                score: r.score === null ? '–' : String(r.score),
                coverage: String(r.coverage),
              })
            : r.score ?? '–'}
        </Box>
      ))}
    </InfoCard>
  );
}
