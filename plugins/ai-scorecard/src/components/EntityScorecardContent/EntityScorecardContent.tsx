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
import { textOn } from '../GradeChip';
import { ChapterBars, ScoreSummary } from '../ScoreSummary';
import { DriftTable, isDrift } from './DriftTable';
import { HistoryChart } from './HistoryChart';
import { WaiverDialog } from './WaiverDialog';

const STATUS_STYLE: Record<
  RuleStatus,
  { label: string; colour?: (p: Theme['palette']) => string }
> = {
  fail: { label: 'Fail', colour: p => p.error.dark },
  unknown: { label: 'Unknown', colour: p => p.grey[700] },
  waived: { label: 'Waived', colour: p => p.info.dark },
  pass: { label: 'Pass', colour: p => p.success.dark },
  'not-applicable': { label: 'Not applicable' },
};

const FILTERS = {
  attention: {
    label: 'Needs attention',
    statuses: ['fail', 'unknown', 'waived'],
  },
  applicable: {
    label: 'All applicable',
    statuses: ['fail', 'unknown', 'waived', 'pass'],
  },
  all: {
    label: 'All rules',
    statuses: ['fail', 'unknown', 'waived', 'pass', 'not-applicable'],
  },
} as const;
type FilterId = keyof typeof FILTERS;

function StatusChip(props: { status: RuleStatus }) {
  const theme = useTheme();
  const { label, colour } = STATUS_STYLE[props.status];
  const background = colour?.(theme.palette);
  return (
    <Chip
      size="small"
      label={label}
      variant={background ? 'default' : 'outlined'}
      style={
        background
          ? { backgroundColor: background, color: textOn(theme, background) }
          : undefined
      }
    />
  );
}

const show = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

const OPS: Record<string, string> = {
  exists: 'is present',
  absent: 'is absent',
  nonEmpty: 'is not empty',
  empty: 'is empty',
  equals: 'equals',
  notEquals: 'differs from',
  in: 'is one of',
  notIn: 'is none of',
  gte: 'is at least',
  lte: 'is at most',
  matches: 'matches',
  contains: 'contains',
  everyHas: 'every item has',
};

/** One comparison: which fact and value, against what, from where and when. */
function EvidenceLine(props: {
  evidence: ResultEvidence;
  source?: FactSource;
}) {
  const { evidence: e, source } = props;
  const expected = e.expected === undefined ? '' : ` ${show(e.expected)}`;
  return (
    <Box mb={0.5}>
      <Typography variant="body2" component="div">
        <code>
          {e.fact}
          {e.path ? ` ${e.path}` : ''}
        </code>{' '}
        {OPS[e.op] ?? e.op}
        {expected}: <strong>{e.outcome}</strong>
        {e.outcome !== 'unknown' && !isDrift(e) && (
          <> (found {show(e.actual)})</>
        )}
      </Typography>
      {e.outcome !== 'unknown' && isDrift(e) && <DriftTable items={e.actual} />}
      {source && (
        <Typography variant="caption" color="textSecondary" component="div">
          {source.reason ? `${source.reason} · ` : ''}
          from {source.source}
          {source.observedAt
            ? `, read ${new Date(source.observedAt).toLocaleString()}`
            : ''}
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
  const needsFix = result.status === 'fail' || result.status === 'unknown';
  return (
    <TableRow>
      <TableCell style={{ width: 120, verticalAlign: 'top' }}>
        <StatusChip status={result.status} />
      </TableCell>
      <TableCell style={{ verticalAlign: 'top', maxWidth: 420 }}>
        <Typography variant="body2">
          <strong>{rule?.title ?? result.ruleId}</strong>
        </Typography>
        <Typography variant="caption" color="textSecondary" component="div">
          {result.ruleId} · {rule?.severity ?? 'unknown'} · weight{' '}
          {result.weight}
          {result.threshold &&
            ` · threshold ${result.threshold.value} (${
              result.threshold.source === 'annotation'
                ? "the entity's own"
                : "the platform's"
            })`}
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
                Fix it with the {rule.remediation.template} golden path
              </Link>
            )}
            {rule.remediation.link && (
              <>
                {' '}
                <Link to={rule.remediation.link} underline="always">
                  Read more
                </Link>
              </>
            )}
          </Typography>
        )}
        {result.waiver && (
          <Typography variant="body2" style={{ marginTop: 4 }}>
            Waived by {result.waiver.author} until{' '}
            {new Date(result.waiver.expiresAt).toLocaleDateString()}: “
            {result.waiver.reason}”
          </Typography>
        )}
      </TableCell>
      <TableCell style={{ verticalAlign: 'top' }}>
        {result.status === 'not-applicable' ? (
          <Typography variant="body2" color="textSecondary">
            Does not apply to this entity
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
        act(() => api.refresh(ref), `${title} graded again`, 'grade-now')
      }
      data-focus-id="grade-now"
    >
      Grade now
    </Button>
  );
  if (!stored) {
    return (
      <InfoCard title="Architecture scorecard">
        <Typography paragraph>
          {title} has not been graded yet: the scorecard grades every service
          and model on a schedule, or now on request.
        </Typography>
        {gradeNow}
      </InfoCard>
    );
  }

  const { scorecard } = stored;
  const shown = FILTERS[filter].statuses as readonly RuleStatus[];
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
        Waive
      </Button>
    );
  };
  const removeButton = (w: StoredWaiver) =>
    canDelete ? (
      <Tooltip title="Remove this waiver">
        <IconButton
          size="small"
          aria-label={`Remove the waiver of ${w.ruleId}`}
          data-focus-id={`remove:${w.ruleId}`}
          disabled={busy}
          onClick={() =>
            act(
              () => api.deleteWaiver(w.id),
              `Waiver of ${w.ruleId} removed`,
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
          title="Grade"
          subheader={`Rule set ${stored.ruleSetVersion} · graded ${new Date(
            stored.computedAt,
          ).toLocaleString()}`}
        >
          <ScoreSummary scorecard={scorecard} />
          <ChapterBars scorecard={scorecard} />
          <Box mt={2}>{gradeNow}</Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="Score over the last 90 days">
          <HistoryChart history={history} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Rules"
          subheader="Each rule's result with its evidence: which fact, which value, from where and when"
        >
          <ToggleButtonGroup
            size="small"
            exclusive
            value={filter}
            onChange={(_e, v) => v && setFilter(v)}
            aria-label="Which rules to show"
          >
            {Object.entries(FILTERS).map(([id, f]) => (
              <ToggleButton key={id} value={id}>
                {f.label}
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
                      · {c.score} / 100
                    </Typography>
                  )}
                </Typography>
                <Table size="small" aria-label={`${chapter.title} rules`}>
                  <TableHead>
                    <TableRow>
                      <TableCell>Result</TableCell>
                      <TableCell>Rule</TableCell>
                      <TableCell>Evidence</TableCell>
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
              <Typography>
                Nothing to show: every applicable rule passes.
              </Typography>
            </Box>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Waivers"
          subheader="Exceptions to single rules, each with its reason, author and end; an ended waiver stops applying by itself"
        >
          {waivers.length === 0 ? (
            <Typography color="textSecondary">
              No waivers.{' '}
              {canCreate
                ? 'Waive a failing or unknown rule from the list above.'
                : 'You may not create waivers.'}
            </Typography>
          ) : (
            <Table size="small" aria-label="Waivers">
              <TableHead>
                <TableRow>
                  <TableCell>Rule</TableCell>
                  <TableCell>Reason</TableCell>
                  <TableCell>Author</TableCell>
                  <TableCell>Created</TableCell>
                  <TableCell>Ends</TableCell>
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
                            ended: no longer applies
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
              message: `${waiving.title}: waived until ${expiresAt.slice(
                0,
                10,
              )}`,
              severity: 'success',
              display: 'transient',
            });
            state.retry();
          }}
        />
      )}
      <Grid item xs={12}>
        <Typography variant="caption">
          Rule set {ruleSet.version}: {ruleSet.rules.length} rules over{' '}
          {CHAPTERS.length} chapters.
        </Typography>
      </Grid>
    </Grid>
  );
}
