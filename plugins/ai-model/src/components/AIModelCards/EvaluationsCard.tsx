import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Chip, makeStyles, Typography } from '@material-ui/core';
import {
  AIModelEntityV1alpha1,
  AIModelEvaluation,
  evaluationPasses,
} from '@ai-refarch/plugin-ai-model-common';

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
  if (passes === undefined) return <Chip size="small" label="no threshold" />;
  return (
    <Chip
      size="small"
      label={passes ? 'PASS' : 'FAIL'}
      className={passes ? classes.pass : classes.fail}
    />
  );
}

const columns: TableColumn<Row>[] = [
  { title: 'Metric', field: 'metric', highlight: true },
  {
    title: 'Dataset (tool)',
    field: 'dataset',
    render: row => `${row.dataset} (${row.tool})`,
  },
  { title: 'Value', field: 'value', type: 'numeric' },
  {
    title: 'Threshold',
    field: 'threshold',
    type: 'numeric',
    render: row =>
      row.threshold === undefined
        ? '—'
        : `${row.direction === 'lower-is-better' ? '≤' : '≥'} ${row.threshold}`,
  },
  {
    title: 'Result',
    field: 'passes',
    render: row => <Verdict passes={row.passes} />,
  },
  { title: 'Date', field: 'date' },
];

/** Each evaluation's value against its threshold. */
export function AIModelEvaluationsCard() {
  const { entity } = useEntity<AIModelEntityV1alpha1>();
  const evaluations = entity.spec.evaluations ?? [];
  if (evaluations.length === 0) {
    return (
      <InfoCard title="Evaluations">
        <Typography variant="body2">
          No evaluations recorded. Add <code>spec.evaluations</code> with the
          tool, dataset, metric, value and threshold of each run.
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
      title="Evaluations"
      subtitle={
        failing
          ? `${failing} of ${rows.length} below threshold`
          : `all ${rows.length} meet their thresholds`
      }
      options={{ search: false, paging: false, padding: 'dense' }}
      columns={columns}
      data={rows}
    />
  );
}
