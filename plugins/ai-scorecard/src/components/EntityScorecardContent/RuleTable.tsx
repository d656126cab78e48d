import { ReactNode, useState } from 'react';
import {
  Box,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Theme,
  Typography,
  useTheme,
} from '@material-ui/core';
import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import { Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  CHAPTERS,
  EntityScorecard,
  Rule,
  RuleResult,
  RuleStatus,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardTranslationRef } from '../../translation';
import { textOn } from '../GradeChip';
import { EvidenceLine } from './EvidenceLine';
import { TableHeader } from '../TableHeader';

const STATUS_COLOUR: Record<
  RuleStatus,
  ((p: Theme['palette']) => string) | undefined
> = {
  fail: p => p.error.dark,
  unknown: p => p.grey[700],
  waived: p => p.info.dark,
  pass: p => p.success.dark,
  'not-applicable': undefined,
};

const FILTERS = {
  attention: ['fail', 'unknown', 'waived'],
  applicable: ['fail', 'unknown', 'waived', 'pass'],
  all: ['fail', 'unknown', 'waived', 'pass', 'not-applicable'],
} as const;
type FilterId = keyof typeof FILTERS;

function StatusChip(props: { status: RuleStatus }) {
  const theme = useTheme();
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const background = STATUS_COLOUR[props.status]?.(theme.palette);
  return (
    <Chip
      size="small"
      label={t(`content.status.${props.status}`)}
      variant={background ? 'default' : 'outlined'}
      style={
        background
          ? { backgroundColor: background, color: textOn(theme, background) }
          : undefined
      }
    />
  );
}

function RuleRow(props: {
  rule: Rule | undefined;
  result: RuleResult;
  facts: EntityScorecard['facts'];
  action: ReactNode;
}) {
  const { rule, result, facts, action } = props;
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const details = {
    ruleId: result.ruleId,
    severity: t(`common.severity.${rule?.severity ?? 'unknown'}`),
    weight: String(result.weight),
  };
  const needsFix = result.status === 'fail' || result.status === 'unknown';
  return (
    <TableRow>
      <TableCell style={{ width: 120, verticalAlign: 'top' }}>
        <StatusChip status={result.status} />
      </TableCell>
      {/* At least a readable column: long evidence beside it wraps instead. */}
      <TableCell style={{ verticalAlign: 'top', minWidth: 240, maxWidth: 420 }}>
        <Typography variant="body2">
          <strong>{rule?.title ?? result.ruleId}</strong>
        </Typography>
        <Typography variant="caption" color="textSecondary" component="div">
          {result.threshold
            ? t('content.rule.detailsWithThreshold', {
                ...details,
                threshold: String(result.threshold.value),
                thresholdSource:
                  result.threshold.source === 'annotation'
                    ? t('content.rule.thresholdOwn')
                    : t('content.rule.thresholdPlatform'),
              })
            : t('content.rule.details', details)}
        </Typography>
        {result.threshold?.refused && (
          <Typography variant="caption" color="error" component="div">
            {result.threshold.refused}
          </Typography>
        )}
        {rule && needsFix && (
          <Typography variant="body2" style={{ marginTop: 4 }}>
            {rule.remediation.text}{' '}
            {rule.remediation.template && (
              // Underlined: a link inside text is told apart by more than colour.
              <Link
                to={`/create/templates/default/${rule.remediation.template}`}
                underline="always"
              >
                {t('common.fixWithGoldenPath', {
                  template: rule.remediation.template,
                })}
              </Link>
            )}
            {rule.remediation.link && (
              <>
                {' '}
                <Link to={rule.remediation.link} underline="always">
                  {t('content.rule.readMore')}
                </Link>
              </>
            )}
          </Typography>
        )}
        {result.waiver && (
          <Typography variant="body2" style={{ marginTop: 4 }}>
            {t('content.rule.waivedBy', {
              author: result.waiver.author,
              date: new Date(result.waiver.expiresAt).toLocaleDateString(),
              reason: result.waiver.reason,
            })}
          </Typography>
        )}
      </TableCell>
      <TableCell style={{ verticalAlign: 'top', overflowWrap: 'anywhere' }}>
        {result.status === 'not-applicable' ? (
          <Typography variant="body2" color="textSecondary">
            {t('content.rule.notApplicable')}
          </Typography>
        ) : (
          result.evidence.map((e, i) => (
            <EvidenceLine key={i} evidence={e} source={facts[e.fact]} />
          ))
        )}
      </TableCell>
      <TableCell style={{ width: 110, verticalAlign: 'top' }}>
        {action}
      </TableCell>
    </TableRow>
  );
}

/**
 * Every rule of a scorecard with its result and evidence, a table per
 * chapter, filtered to what needs attention unless the reader asks for
 * more. `action` gives a row's button (waive), if any.
 */
export function RuleTable(props: {
  scorecard: EntityScorecard;
  rules: Map<string, Rule>;
  action: (result: RuleResult) => ReactNode;
}) {
  const { scorecard, rules, action } = props;
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const [filter, setFilter] = useState<FilterId>('attention');
  const shown = FILTERS[filter] as readonly RuleStatus[];
  return (
    <>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={filter}
        onChange={(_e, v) => v && setFilter(v)}
        aria-label={t('content.filters.label')}
      >
        {(Object.keys(FILTERS) as FilterId[]).map(id => (
          <ToggleButton key={id} value={id}>
            {t(`content.filters.${id}`)}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {CHAPTERS.map(chapter => {
        const results = scorecard.results.filter(
          r => r.chapter === chapter.id && shown.includes(r.status),
        );
        if (!results.length) return null;
        const c = scorecard.chapters.find(x => x.chapter === chapter.id);
        return (
          <Box key={chapter.id} mt={3}>
            <Typography variant="h6" component="h3">
              {chapter.number} {chapter.title}
              {c?.score !== null && c?.score !== undefined && (
                <Typography component="span" color="textSecondary">
                  {' '}
                  {t('content.rules.chapterScore', {
                    score: String(c.score),
                  })}
                </Typography>
              )}
            </Typography>
            <Table
              size="small"
              aria-label={t('content.rules.tableLabel', {
                chapter: chapter.title,
              })}
            >
              <TableHeader
                columns={[
                  t('content.rules.result'),
                  t('content.rules.rule'),
                  t('content.rules.evidence'),
                  '',
                ]}
              />
              <TableBody>
                {results.map(result => (
                  <RuleRow
                    key={result.ruleId}
                    rule={rules.get(result.ruleId)}
                    result={result}
                    facts={scorecard.facts}
                    action={action(result)}
                  />
                ))}
              </TableBody>
            </Table>
          </Box>
        );
      })}
      {scorecard.results.every(r => !shown.includes(r.status)) && (
        <Box mt={2}>
          <Typography>{t('content.rules.nothingToShow')}</Typography>
        </Box>
      )}
    </>
  );
}
