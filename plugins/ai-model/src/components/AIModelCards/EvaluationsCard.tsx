import { useMemo } from 'react';
import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Chip, makeStyles, Typography } from '@material-ui/core';
import {
  AIModelEntityV1alpha1,
  AIModelEvaluation,
  evaluationPasses,
} from '@ai-refarch/plugin-ai-model-common';
import { AIModelT } from '../format';
import { aiModelTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  pass: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  fail: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
}));

type Row = AIModelEvaluation & { id: number; passes?: boolean };

function Verdict({ passes }: { passes?: boolean }) {
  const classes = useStyles();
  const { t } = useTranslationRef(aiModelTranslationRef);
  if (passes === undefined) {
    return (
      <Chip size="small" label={t('evaluationsCard.verdict.noThreshold')} />
    );
  }
  return (
    <Chip
      size="small"
      label={
        passes
          ? t('evaluationsCard.verdict.pass')
          : t('evaluationsCard.verdict.fail')
      }
      className={passes ? classes.pass : classes.fail}
    />
  );
}

const columns = (t: AIModelT): TableColumn<Row>[] => [
  {
    title: t('evaluationsCard.columns.metric'),
    field: 'metric',
    highlight: true,
  },
  {
    title: t('evaluationsCard.columns.dataset'),
    field: 'dataset',
    render: row =>
      t('evaluationsCard.datasetTool', {
        dataset: row.dataset,
        tool: row.tool,
      }),
  },
  {
    title: t('evaluationsCard.columns.value'),
    field: 'value',
    type: 'numeric',
  },
  {
    title: t('evaluationsCard.columns.threshold'),
    field: 'threshold',
    type: 'numeric',
    render: row =>
      row.threshold === undefined
        ? '—'
        : t(
            row.direction === 'lower-is-better'
              ? 'evaluationsCard.atMost'
              : 'evaluationsCard.atLeast',
            { threshold: String(row.threshold) },
          ),
  },
  {
    title: t('evaluationsCard.columns.result'),
    field: 'passes',
    render: row => <Verdict passes={row.passes} />,
  },
  {
    title: t('evaluationsCard.columns.date'),
    field: 'date',
    // Links back to the run that produced it, where the registry said.
    render: row =>
      row.runUrl ? (
        <Link to={row.runUrl}>{row.date ?? t('evaluationsCard.run')}</Link>
      ) : (
        row.date
      ),
  },
];

/** Each evaluation's value against its threshold. */
export function AIModelEvaluationsCard() {
  const { entity } = useEntity<AIModelEntityV1alpha1>();
  const { t } = useTranslationRef(aiModelTranslationRef);
  const tableColumns = useMemo(() => columns(t), [t]);
  const evaluations = entity.spec.evaluations ?? [];
  if (evaluations.length === 0) {
    return (
      <InfoCard title={t('evaluationsCard.title')}>
        <Typography variant="body2">
          {t('evaluationsCard.empty', {
            field: <code>spec.evaluations</code>,
          })}
        </Typography>
      </InfoCard>
    );
  }
  const rows: Row[] = evaluations.map((e, id) => ({
    ...e,
    id,
    passes: evaluationPasses(e),
  }));
  const failing = rows.filter(r => r.passes === false).length;
  return (
    <Table<Row>
      title={t('evaluationsCard.title')}
      subtitle={
        failing
          ? t('evaluationsCard.belowThreshold', {
              failing: String(failing),
              total: String(rows.length),
            })
          : t('evaluationsCard.allMeetThresholds', {
              total: String(rows.length),
            })
      }
      options={{ search: false, paging: false, padding: 'dense' }}
      columns={tableColumns}
      data={rows}
    />
  );
}
