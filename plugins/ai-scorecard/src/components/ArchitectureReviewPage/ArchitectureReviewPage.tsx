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
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import {
  CHAPTERS,
  ChapterId,
  Grade,
  GRADES,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef, OverviewQuery, ScorecardSummary } from '../../api';
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
      title: 'Entity',
      field: 'title',
      render: r => <EntityRefLink entityRef={r.entityRef} title={r.title} />,
    },
    { title: 'Kind', field: 'kind' },
    {
      title: 'Owner',
      field: 'owner',
      render: r => (r.owner ? <EntityRefLink entityRef={r.owner} /> : '–'),
    },
    {
      title: 'Grade',
      field: 'grade',
      render: r => <GradeChip grade={r.grade} />,
    },
    {
      title: 'Score',
      field: 'score',
      render: r => (r.score === null ? '–' : r.score),
    },
    {
      title: 'Coverage',
      field: 'coverage',
      render: r => (r.coverage === null ? '–' : `${r.coverage} %`),
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
    label: string,
    value: string,
    onChange: (v: string) => void,
    options: [string, string][],
  ) => (
    <FormControl style={{ minWidth: 200, marginRight: 16 }}>
      <InputLabel id={`${label}-label`}>{label}</InputLabel>
      <Select
        labelId={`${label}-label`}
        value={value}
        onChange={e => {
          onChange(e.target.value as string);
          setPage(0);
        }}
      >
        <MenuItem value="">All</MenuItem>
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
      <Header
        title="Architecture review"
        subtitle="Every AI service, model and GPU cluster graded against the eight chapters of the AI Infrastructure Reference Architecture"
      />
      <Content>
        <ContentHeader title="Grades">
          <Button
            variant="outlined"
            onClick={() => exportAll('csv')}
            style={{ marginRight: 8 }}
          >
            Export CSV
          </Button>
          <Button variant="outlined" onClick={() => exportAll('md')}>
            Export Markdown
          </Button>
        </ContentHeader>
        <Grid container spacing={3}>
          <Grid item xs={12} md={7}>
            <InfoCard title="Grade distribution per chapter">
              {distribution.error && (
                <ResponseErrorPanel error={distribution.error} />
              )}
              {distribution.value && (
                <MuiTable
                  size="small"
                  aria-label="Grade distribution per chapter"
                >
                  <TableHead>
                    <TableRow>
                      <TableCell>Chapter</TableCell>
                      {GRADES.map(g => (
                        <TableCell key={g} align="center">
                          <GradeChip grade={g} compact />
                        </TableCell>
                      ))}
                      <TableCell align="center">Not graded</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {[
                      { id: 'overall' as const, number: '', title: 'Overall' },
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
            <InfoCard title="Worst offenders">
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
                  {r.score === null ? '–' : r.score}
                  {r.grade === 'Incomplete' && r.coverage !== null
                    ? ` (coverage ${r.coverage} %)`
                    : ''}
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
              {select('Kind', kind, setKind, [
                ['component', 'Component'],
                ['aimodel', 'AIModel'],
                ['resource', 'Resource'],
              ])}
              {select(
                'Grade',
                grade,
                v => setGrade(v as Grade | ''),
                GRADES.map(g => [g, g]),
              )}
              {select(
                'Chapter',
                chapter,
                v => setChapter(v as ChapterId | ''),
                CHAPTERS.map(c => [c.id, `${c.number} ${c.title}`]),
              )}
              {failing && (
                <Chip
                  label={`Failing ${failing}`}
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
                title={`Graded entities (${rows.value?.total ?? 0})`}
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
