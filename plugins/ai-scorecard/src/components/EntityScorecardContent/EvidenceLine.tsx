import { Box, Typography } from '@material-ui/core';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  FactSource,
  ResultEvidence,
} from '@ai-refarch/plugin-ai-scorecard-common';
import {
  aiScorecardMessages,
  aiScorecardTranslationRef,
  ScorecardT,
} from '../../translation';
import { DriftTable, isDrift } from './DriftTable';

const show = (value: unknown, t: ScorecardT): string => {
  if (value === undefined) return t('content.evidence.nothing');
  const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

type Op = keyof typeof aiScorecardMessages.content.evidence.ops;
const isOp = (op: string): op is Op =>
  Object.hasOwn(aiScorecardMessages.content.evidence.ops, op);

/** Where a fact was read, and when; why, when it is unknown. */
function sourceText(source: FactSource, t: ScorecardT): string {
  const from = source.observedAt
    ? t('content.evidence.fromRead', {
        source: source.source,
        date: new Date(source.observedAt).toLocaleString(),
      })
    : t('content.evidence.from', { source: source.source });
  return source.reason
    ? t('content.evidence.withReason', { reason: source.reason, from })
    : from;
}

/** One comparison: which fact and value, against what, from where and when. */
export function EvidenceLine(props: {
  evidence: ResultEvidence;
  source?: FactSource;
}) {
  const { evidence: e, source } = props;
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const found = e.outcome !== 'unknown' && !isDrift(e);
  const values = {
    fact: (
      <code>
        {e.fact}
        {e.path ? ` ${e.path}` : ''}
      </code>
    ),
    op: isOp(e.op) ? t(`content.evidence.ops.${e.op}`) : e.op,
    outcome: <strong>{t(`content.evidence.outcomes.${e.outcome}`)}</strong>,
    actual: show(e.actual, t),
  };
  let comparison;
  if (e.expected === undefined) {
    comparison = found
      ? t('content.evidence.comparisonFound', values)
      : t('content.evidence.comparison', values);
  } else {
    const withExpected = { ...values, expected: show(e.expected, t) };
    comparison = found
      ? t('content.evidence.comparisonExpectedFound', withExpected)
      : t('content.evidence.comparisonExpected', withExpected);
  }
  return (
    <Box mb={0.5}>
      <Typography variant="body2" component="div">
        {comparison}
      </Typography>
      {e.outcome !== 'unknown' && isDrift(e) && <DriftTable items={e.actual} />}
      {source && (
        <Typography variant="caption" color="textSecondary" component="div">
          {sourceText(source, t)}
        </Typography>
      )}
    </Box>
  );
}
