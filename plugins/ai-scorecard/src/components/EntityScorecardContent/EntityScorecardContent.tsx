import { useMemo, useState } from 'react';
import {
  Box,
  Button,
  Grid,
  IconButton,
  Tooltip,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  InfoCard,
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
  Rule,
  RuleResult,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef, StoredWaiver } from '../../api';
import { aiScorecardTranslationRef } from '../../translation';
import { ChapterBars, ScoreSummary } from '../ScoreSummary';
import { HistoryChart } from './HistoryChart';
import { RuleTable } from './RuleTable';
import { useFocusAfterReload } from './useFocusAfterReload';
import { WaiverDialog } from './WaiverDialog';
import { WaiverTable } from './WaiverTable';

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
  const [waiving, setWaiving] = useState<Rule>();
  const [busy, setBusy] = useState(false);

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
  const { root, focusAfter } = useFocusAfterReload(state.loading, state.value);

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
      if (focus) focusAfter(focus, state.value);
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
          <RuleTable scorecard={scorecard} rules={rules} action={actionFor} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title={t('content.waivers.title')}
          subheader={t('content.waivers.subheader')}
        >
          <WaiverTable
            waivers={waivers}
            rules={rules}
            canCreate={canCreate}
            action={removeButton}
          />
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
            focusAfter(`remove:${waiving.id}`, state.value);
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
