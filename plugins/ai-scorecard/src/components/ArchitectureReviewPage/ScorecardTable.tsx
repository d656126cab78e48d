import { useState } from 'react';
import { Tooltip } from '@material-ui/core';
import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { CHAPTERS } from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef, OverviewQuery, ScorecardSummary } from '../../api';
import { aiScorecardTranslationRef } from '../../translation';
import { GradeChip } from '../GradeChip';

const PAGE_SIZE = 20;

/**
 * The graded entities the filters select, lowest score first, a page at a
 * time. Give it a `key` of its filters, so that new filters start at the
 * first page.
 */
export function ScorecardTable(props: { filters: OverviewQuery }) {
  const api = useApi(aiScorecardApiRef);
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const [page, setPage] = useState(0);
  const rows = useAsync(
    () =>
      api.getOverview({
        ...props.filters,
        page: page + 1,
        pageSize: PAGE_SIZE,
        sort: 'score',
        order: 'asc',
      }),
    [api, JSON.stringify(props.filters), page],
  );
  const columns: TableColumn<ScorecardSummary>[] = [
    {
      title: t('review.table.entity'),
      field: 'title',
      render: r => <EntityRefLink entityRef={r.entityRef} title={r.title} />,
    },
    { title: t('review.table.kind'), field: 'kind' },
    {
      title: t('review.table.owner'),
      field: 'owner',
      render: r => (r.owner ? <EntityRefLink entityRef={r.owner} /> : '–'),
    },
    {
      title: t('review.table.grade'),
      field: 'grade',
      render: r => <GradeChip grade={r.grade} />,
    },
    {
      title: t('review.table.score'),
      field: 'score',
      render: r => (r.score === null ? '–' : r.score),
    },
    {
      title: t('review.table.coverage'),
      field: 'coverage',
      render: r =>
        r.coverage === null
          ? '–'
          : t('review.table.coverageValue', { coverage: String(r.coverage) }),
    },
    ...CHAPTERS.map(
      (c): TableColumn<ScorecardSummary> => ({
        title: (
          <Tooltip title={c.title}>
            <span>{c.number}</span>
          </Tooltip>
        ),
        field: `chapters.${c.id}`,
        render: r => <GradeChip grade={r.chapters[c.id]} compact />,
      }),
    ),
  ];

  return rows.error ? (
    <ResponseErrorPanel error={rows.error} />
  ) : (
    <Table<ScorecardSummary>
      title={t('review.table.title', {
        total: String(rows.value?.total ?? 0),
      })}
      isLoading={rows.loading}
      columns={columns}
      data={rows.value?.items ?? []}
      page={page}
      totalCount={rows.value?.total ?? 0}
      onPageChange={setPage}
      options={{
        paging: true,
        pageSize: PAGE_SIZE,
        pageSizeOptions: [PAGE_SIZE],
        search: false,
        sorting: false,
        padding: 'dense',
      }}
    />
  );
}
