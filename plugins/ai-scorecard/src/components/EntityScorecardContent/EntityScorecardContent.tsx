import { ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import {
  Box,
  Button,
  Chip,
  Grid,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Theme,
  Tooltip,
  Typography,
  useTheme,
} from '@material-ui/core';
import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import DeleteIcon from '@material-ui/icons/Delete';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  aiScorecardWaiverCreatePermission,
  aiScorecardWaiverDeletePermission,
  CHAPTERS,
  EntityScorecard,
  FactSource,
  ResultEvidence,
  Rule,
  RuleResult,
  RuleStatus,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef, StoredWaiver } from '../../api';
import {
  aiScorecardMessages,
  aiScorecardTranslationRef,
  ScorecardT,
} from '../../translation';
import { textOn } from '../GradeChip';
import { ChapterBars, ScoreSummary } from '../ScoreSummary';
import { DriftTable, isDrift } from './DriftTable';
import { HistoryChart } from './HistoryChart';
import { WaiverDialog } from './WaiverDialog';

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
function EvidenceLine(props: {
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
 * Focuses a Material UI button once it has rendered its ripple, which
 * ButtonBase adds a render after it mounts: focused before, it throws
 * ("reading 'pulsate'") as it shows the keyboard focus.
 */
function focusOnceRippled(button: HTMLElement, frames = 30) {
  if (button.querySelector('.MuiTouchRipple-root') || frames === 0) {
    button.focus();
  } else {
    requestAnimationFrame(() => focusOnceRippled(button, frames - 1));
  }
}

/**
 * The full scorecard of an entity: the grade, its history, every rule with
 * its evidence, and the waivers.
 */
export function EntityScorecardContent() {
  const { entity } = useEntity();
  const api = useApi(aiScorecardApiRef);
  const alertApi = useApi(alertApiRef);
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const ref = getCompoundEntityRef(entity);
  const entityRef = stringifyEntityRef(entity);
  const title = entity.metadata.title ?? entity.metadata.name;
  // Decided for this entity: the suite's policy lets its owners and the
  // admins waive.
  const canCreate = usePermission({
    permission: aiScorecardWaiverCreatePermission,
    resourceRef: entityRef,
  }).allowed;
  const canDelete = usePermission({
    permission: aiScorecardWaiverDeletePermission,
    resourceRef: entityRef,
  }).allowed;
  const [filter, setFilter] = useState<FilterId>('attention');
  const [waiving, setWaiving] = useState<Rule>();
  const [busy, setBusy] = useState(false);
  // Where the keyboard focus goes once the scorecard has reloaded after a
  // waiver change: the button that undoes it (the one that was pressed is
  // gone), named by its data-focus-id; `stale` is the data it replaces.
  const [focusAfter, setFocusAfter] = useState<{
    id: string;
    stale: unknown;
  }>();
  const root = useRef<HTMLDivElement>(null);

  const state = useAsyncRetry(
    async () =>
      Promise.all([
        api.getScorecard(ref),
        api.getRules(),
        api.getHistory(ref, 90),
        api.getWaivers(entityRef),
      ]),
    [api, entityRef],
  );
  const rules = useMemo(
    () => new Map((state.value?.[1].rules ?? []).map(r => [r.id, r])),
    [state.value],
  );
  useEffect(() => {
    if (!focusAfter || state.loading || state.value === focusAfter.stale) {
      return;
    }
    const target = root.current?.querySelector<HTMLElement>(
      `[data-focus-id="${focusAfter.id}"]`,
    );
    setFocusAfter(undefined);
    if (target) focusOnceRippled(target);
  }, [focusAfter, state.loading, state.value]);

  const act = async (
    what: () => Promise<unknown>,
    done: string,
    focus?: string,
  ) => {
    setBusy(true);
    try {
      await what();
      alertApi.post({
        message: done,
        severity: 'success',
        display: 'transient',
      });
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    } finally {
      setBusy(false);
      if (focus) setFocusAfter({ id: focus, stale: state.value });
      state.retry();
    }
  };

  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const [stored, ruleSet, history, waivers] = state.value!;

  const gradeNow = (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<RefreshIcon />}
      disabled={busy}
      onClick={() =>
        act(
          () => api.refresh(ref),
          t('content.gradedAgain', { entity: title }),
          'grade-now',
        )
      }
      data-focus-id="grade-now"
    >
      {t('content.gradeNow')}
    </Button>
  );
  if (!stored) {
    return (
      <InfoCard title={t('common.title')}>
        <Typography paragraph>
          {t('content.notGraded', { entity: title })}
        </Typography>
        {gradeNow}
      </InfoCard>
    );
  }

  const { scorecard } = stored;
  const shown = FILTERS[filter] as readonly RuleStatus[];
  const actionFor = (result: RuleResult) => {
    const rule = rules.get(result.ruleId);
    if (!rule || !canCreate) return null;
    if (result.status !== 'fail' && result.status !== 'unknown') return null;
    return (
      <Button
        size="small"
        disabled={busy}
        onClick={() => setWaiving(rule)}
        data-focus-id={`waive:${rule.id}`}
      >
        {t('content.waive')}
      </Button>
    );
  };
  const removeButton = (w: StoredWaiver) =>
    canDelete ? (
      <Tooltip title={t('content.waivers.remove')}>
        <IconButton
          size="small"
          aria-label={t('content.waivers.removeLabel', { ruleId: w.ruleId })}
          data-focus-id={`remove:${w.ruleId}`}
          disabled={busy}
          onClick={() =>
            act(
              () => api.deleteWaiver(w.id),
              t('content.waivers.removed', { ruleId: w.ruleId }),
              `waive:${w.ruleId}`,
            )
          }
        >
          <DeleteIcon fontSize="small" />
        </IconButton>
      </Tooltip>
    ) : null;

  return (
    <Grid container spacing={3} ref={root}>
      <Grid item xs={12} md={5}>
        <InfoCard
          title={t('content.grade.title')}
          subheader={t('common.graded', {
            version: stored.ruleSetVersion,
            date: new Date(stored.computedAt).toLocaleString(),
          })}
        >
          <ScoreSummary scorecard={scorecard} />
          <ChapterBars scorecard={scorecard} />
          <Box mt={2}>{gradeNow}</Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title={t('content.history.title')}>
          <HistoryChart history={history} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title={t('content.rules.title')}
          subheader={t('content.rules.subheader')}
        >
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
                  <TableHead>
                    <TableRow>
                      <TableCell>{t('content.rules.result')}</TableCell>
                      <TableCell>{t('content.rules.rule')}</TableCell>
                      <TableCell>{t('content.rules.evidence')}</TableCell>
                      <TableCell />
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {results.map(result => (
                      <RuleRow
                        key={result.ruleId}
                        rule={rules.get(result.ruleId)}
                        result={result}
                        facts={scorecard.facts}
                        action={actionFor(result)}
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
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title={t('content.waivers.title')}
          subheader={t('content.waivers.subheader')}
        >
          {waivers.length === 0 ? (
            <Typography color="textSecondary">
              {canCreate
                ? t('content.waivers.noneCanCreate')
                : t('content.waivers.noneCannotCreate')}
            </Typography>
          ) : (
            <Table size="small" aria-label={t('content.waivers.tableLabel')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('content.waivers.rule')}</TableCell>
                  <TableCell>{t('content.waivers.reason')}</TableCell>
                  <TableCell>{t('content.waivers.author')}</TableCell>
                  <TableCell>{t('content.waivers.created')}</TableCell>
                  <TableCell>{t('content.waivers.ends')}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {waivers.map(w => {
                  const ended = Date.parse(w.expiresAt) <= Date.now();
                  return (
                    <TableRow key={w.id}>
                      <TableCell>
                        {rules.get(w.ruleId)?.title ?? w.ruleId}
                      </TableCell>
                      <TableCell>{w.reason}</TableCell>
                      <TableCell>{w.author}</TableCell>
                      <TableCell>
                        {new Date(w.createdAt).toLocaleDateString()}
                      </TableCell>
                      <TableCell>
                        {new Date(w.expiresAt).toLocaleDateString()}
                        {ended && (
                          <Typography
                            variant="caption"
                            color="textSecondary"
                            component="div"
                          >
                            {t('content.waivers.ended')}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell>{removeButton(w)}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </InfoCard>
      </Grid>
      {waiving && (
        <WaiverDialog
          rule={waiving}
          entityTitle={title}
          onClose={() => setWaiving(undefined)}
          onSubmit={async ({ reason, expiresAt }) => {
            await api.createWaiver({
              entityRef,
              ruleId: waiving.id,
              reason,
              expiresAt,
            });
            setWaiving(undefined);
            setFocusAfter({ id: `remove:${waiving.id}`, stale: state.value });
            alertApi.post({
              message: t('content.waivers.waivedUntil', {
                rule: waiving.title,
                date: expiresAt.slice(0, 10),
              }),
              severity: 'success',
              display: 'transient',
            });
            state.retry();
          }}
        />
      )}
      <Grid item xs={12}>
        <Typography variant="caption">
          {t('content.footer', {
            version: ruleSet.version,
            rules: String(ruleSet.rules.length),
            chapters: String(CHAPTERS.length),
          })}
        </Typography>
      </Grid>
    </Grid>
  );
}
