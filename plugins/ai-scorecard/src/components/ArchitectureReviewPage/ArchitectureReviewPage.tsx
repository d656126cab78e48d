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
} from '@material-ui/core';
import {
  Content,
  ContentHeader,
  Header,
  Page,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  CHAPTERS,
  ChapterId,
  Grade,
  GRADES,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef, OverviewQuery } from '../../api';
import { aiScorecardTranslationRef } from '../../translation';
import { allRows, toCsv, toMarkdown } from './exportRows';
import { FailingRules } from './FailingRules';
import { GradeDistribution } from './GradeDistribution';
import { ScorecardTable } from './ScorecardTable';
import { UnregisteredModelServers } from './UnregisteredModelServers';
import { WorstOffenders } from './WorstOffenders';

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
  const filters: OverviewQuery = {
    kind: kind || undefined,
    grade: grade || undefined,
    chapter: chapter || undefined,
    failing: failing || undefined,
  };
  const exportAll = async (format: 'csv' | 'md') => {
    const all = await allRows(api, filters);
    if (format === 'csv')
      download('architecture-review.csv', 'text/csv', toCsv(all));
    else download('architecture-review.md', 'text/markdown', toMarkdown(all));
  };

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
            <GradeDistribution kind={kind || undefined} />
          </Grid>
          <Grid item xs={12} md={5}>
            <WorstOffenders kind={kind || undefined} />
          </Grid>
          <Grid item xs={12}>
            <FailingRules kind={kind || undefined} onSelect={setFailing} />
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
                  onDelete={() => setFailing('')}
                />
              )}
            </Box>
            <ScorecardTable key={JSON.stringify(filters)} filters={filters} />
          </Grid>
          <Grid item xs={12}>
            <UnregisteredModelServers />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
