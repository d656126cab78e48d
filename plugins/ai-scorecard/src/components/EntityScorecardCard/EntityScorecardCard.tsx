import { useState } from 'react';
import {
  Box,
  Button,
  IconButton,
  List,
  ListItem,
  ListItemText,
  Tooltip,
  Typography,
} from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Rule } from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef } from '../../api';
import { aiScorecardTranslationRef } from '../../translation';
import { ChapterBars, ScoreSummary } from '../ScoreSummary';

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * The entity's architecture grade: a bar per chapter and the failing rules
 * with the golden path that fixes each.
 */
export function EntityScorecardCard() {
  const { entity } = useEntity();
  const api = useApi(aiScorecardApiRef);
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const ref = getCompoundEntityRef(entity);
  const [refreshing, setRefreshing] = useState(false);
  const state = useAsyncRetry(
    async () => Promise.all([api.getScorecard(ref), api.getRules()]),
    [api, ref.kind, ref.namespace, ref.name],
  );
  const refresh = async () => {
    setRefreshing(true);
    try {
      await api.refresh(ref);
    } finally {
      setRefreshing(false);
      state.retry();
    }
  };

  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const [stored, ruleSet] = state.value!;
  const refreshButton = (
    <Tooltip title={t('card.gradeAgain')}>
      <IconButton
        aria-label={t('card.gradeAgain')}
        onClick={refresh}
        disabled={refreshing}
      >
        <RefreshIcon />
      </IconButton>
    </Tooltip>
  );
  if (!stored) {
    return (
      <InfoCard title={t('common.title')} action={refreshButton}>
        <Typography paragraph>{t('card.notGraded')}</Typography>
        <Button
          variant="contained"
          color="primary"
          onClick={refresh}
          disabled={refreshing}
        >
          {t('card.gradeItNow')}
        </Button>
      </InfoCard>
    );
  }
  const { scorecard, computedAt } = stored;
  const rules = new Map<string, Rule>(ruleSet.rules.map(r => [r.id, r]));
  const failing = scorecard.results
    .filter(r => r.status === 'fail')
    .map(r => ({ result: r, rule: rules.get(r.ruleId) }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.rule?.severity ?? 'low'] -
          SEVERITY_ORDER[b.rule?.severity ?? 'low'] ||
        b.result.weight - a.result.weight,
    );
  return (
    <InfoCard
      title={t('common.title')}
      subheader={t('common.graded', {
        version: stored.ruleSetVersion,
        date: new Date(computedAt).toLocaleString(),
      })}
      action={refreshButton}
    >
      <ScoreSummary scorecard={scorecard} />
      <ChapterBars scorecard={scorecard} />
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        {failing.length ? t('card.failingRules') : t('card.noFailingRules')}
      </Typography>
      <List dense>
        {failing.map(({ result, rule }) => (
          <ListItem key={result.ruleId} disableGutters alignItems="flex-start">
            <ListItemText
              primary={t('card.failingRule', {
                rule: rule?.title ?? result.ruleId,
                severity: t(`common.severity.${rule?.severity ?? 'unknown'}`),
              })}
              secondary={
                <>
                  {rule?.remediation.text}
                  {rule?.remediation.template && (
                    <Box component="span" display="block">
                      <Link
                        to={`/create/templates/default/${rule.remediation.template}`}
                      >
                        {t('common.fixWithGoldenPath', {
                          template: rule.remediation.template,
                        })}
                      </Link>
                    </Box>
                  )}
                </>
              }
            />
          </ListItem>
        ))}
      </List>
    </InfoCard>
  );
}
