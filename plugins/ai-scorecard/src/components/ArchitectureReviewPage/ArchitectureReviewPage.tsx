import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  FormControl,
  Grid,
  InputLabel,
  MenuItem,
  Select,
  Table as MuiTable,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
} from '@material-ui/core';
import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import {
  CHAPTERS,
  ChapterId,
  Grade,
  GRADES,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef, OverviewQuery, ScorecardSummary } from '../../api';
import { aiScorecardTranslationRef } from '../../translation';
import { GradeChip } from '../GradeChip';
import { toCsv, toMarkdown } from './exportRows';
import { FailingRules } from './FailingRules';
import { UnregisteredModelServers } from './UnregisteredModelServers';

const PAGE_SIZE = 20;

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Every graded service, model and cluster: grade distribution per chapter,
 * the worst offenders, filters, and export for the review document.
 */
export function ArchitectureReviewPage() {
  const api = useApi(aiScorecardApiRef);
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const [kind, setKind] = useState('');
  const [grade, setGrade] = useState<Grade | ''>('');
  const [chapter, setChapter] = useState<ChapterId | ''>('');
  const [failing, setFailing] = useState('');
  const [page, setPage] = useState(0);
  const filters: OverviewQuery = {
    kind: kind || undefined,
    grade: grade || undefined,
    chapter: chapter || undefined,
    failing: failing || undefined,
  };
  const key = JSON.stringify(filters);
  const rows = useAsync(
    () =>
      api.getOverview({
        ...filters,
        page: page + 1,
        pageSize: PAGE_SIZE,
        sort: 'score',
        order: 'asc',
      }),
    [api, key, page],
  );
  const distribution = useAsync(
    () => api.getDistribution({ kind: kind || undefined }),
    [api, kind],
  );
  const worst = useAsync(
    () =>
      api.getOverview({
        kind: kind || undefined,
        pageSize: 5,
        sort: 'score',
        order: 'asc',
      }),
    [api, kind],
  );

  const exportAll = async (format: 'csv' | 'md') => {
    const all: ScorecardSummary[] = [];
    for (let p = 1; ; p++) {
      const { items, total } = await api.getOverview({
        ...filters,
        page: p,
        pageSize: 200,
        sort: 'score',
        order: 'asc',
      });
      all.push(...items);
      if (all.length >= total || items.length === 0) break;
    }
    if (format === 'csv')
      download('architecture-review.csv', 'text/csv', toCsv(all));
    else download('architecture-review.md', 'text/markdown', toMarkdown(all));
  };

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

  const select = (
    id: 'kind' | 'grade' | 'chapter',
    value: string,
    onChange: (v: string) => void,
    options: [string, string][],
  ) => (
    <FormControl style={{ minWidth: 200, marginRight: 16 }}>
      <InputLabel id={`${id}-label`}>{t(`review.filters.${id}`)}</InputLabel>
      <Select
        labelId={`${id}-label`}
        value={value}
        onChange={e => {
          onChange(e.target.value as string);
          setPage(0);
        }}
      >
        <MenuItem value="">{t('review.filters.all')}</MenuItem>
        {options.map(([v, text]) => (
          <MenuItem key={v} value={v}>
            {text}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );

  return (
    <Page themeId="tool">
      <Header title={t('review.title')} subtitle={t('review.subtitle')} />
      <Content>
        <ContentHeader title={t('review.grades')}>
          <Button
            variant="outlined"
            onClick={() => exportAll('csv')}
            style={{ marginRight: 8 }}
          >
            {t('review.exportCsv')}
          </Button>
          <Button variant="outlined" onClick={() => exportAll('md')}>
            {t('review.exportMarkdown')}
          </Button>
        </ContentHeader>
        <Grid container spacing={3}>
          <Grid item xs={12} md={7}>
            <InfoCard title={t('review.distribution.title')}>
              {distribution.error && (
                <ResponseErrorPanel error={distribution.error} />
              )}
              {distribution.value && (
                <MuiTable
                  size="small"
                  aria-label={t('review.distribution.title')}
                >
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
                </MuiTable>
              )}
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={5}>
            <InfoCard title={t('review.worst.title')}>
              {worst.error && <ResponseErrorPanel error={worst.error} />}
              {worst.value?.items.map(r => (
                <Box
                  key={r.entityRef}
                  display="flex"
                  alignItems="center"
                  mb={1}
                >
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
          </Grid>
          <Grid item xs={12}>
            <FailingRules
              kind={kind || undefined}
              onSelect={ruleId => {
                setFailing(ruleId);
                setPage(0);
              }}
            />
          </Grid>
          <Grid item xs={12}>
            <Box mb={2}>
              {select('kind', kind, setKind, [
                ['component', 'Component'],
                ['aimodel', 'AIModel'],
                ['resource', 'Resource'],
              ])}
              {select(
                'grade',
                grade,
                v => setGrade(v as Grade | ''),
                GRADES.map(g => [
                  g,
                  g === 'Incomplete' ? t('grade.incomplete') : g,
                ]),
              )}
              {select(
                'chapter',
                chapter,
                v => setChapter(v as ChapterId | ''),
                CHAPTERS.map(c => [c.id, `${c.number} ${c.title}`]),
              )}
              {failing && (
                <Chip
                  label={t('review.filters.failing', { ruleId: failing })}
                  onDelete={() => {
                    setFailing('');
                    setPage(0);
                  }}
                />
              )}
            </Box>
            {rows.error ? (
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
            )}
          </Grid>
          <Grid item xs={12}>
            <UnregisteredModelServers />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
