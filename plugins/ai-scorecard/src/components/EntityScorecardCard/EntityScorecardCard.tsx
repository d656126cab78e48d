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
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Rule } from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef } from '../../api';
import { ChapterBars, ScoreSummary } from '../ScoreSummary';

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * The entity's architecture grade: a bar per chapter and the failing rules
 * with the golden path that fixes each.
 */
export function EntityScorecardCard() {
  const { entity } = useEntity();
  const api = useApi(aiScorecardApiRef);
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
    <Tooltip title="Grade again now">
      <IconButton
        aria-label="Grade again now"
        onClick={refresh}
        disabled={refreshing}
      >
        <RefreshIcon />
      </IconButton>
    </Tooltip>
  );
  if (!stored) {
    return (
      <InfoCard title="Architecture scorecard" action={refreshButton}>
        <Typography paragraph>
          Not graded yet: the scorecard grades every service and model on a
          schedule.
        </Typography>
        <Button
          variant="contained"
          color="primary"
          onClick={refresh}
          disabled={refreshing}
        >
          Grade it now
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
      title="Architecture scorecard"
      subheader={`Rule set ${stored.ruleSetVersion} · graded ${new Date(
        computedAt,
      ).toLocaleString()}`}
      action={refreshButton}
    >
      <ScoreSummary scorecard={scorecard} />
      <ChapterBars scorecard={scorecard} />
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        {failing.length ? 'Failing rules' : 'No failing rules'}
      </Typography>
      <List dense>
        {failing.map(({ result, rule }) => (
          <ListItem key={result.ruleId} disableGutters alignItems="flex-start">
            <ListItemText
              primary={`${rule?.title ?? result.ruleId} (${
                rule?.severity ?? 'unknown'
              })`}
              secondary={
                <>
                  {rule?.remediation.text}
                  {rule?.remediation.template && (
                    <Box component="span" display="block">
                      <Link
                        to={`/create/templates/default/${rule.remediation.template}`}
                      >
                        Fix it with the {rule.remediation.template} golden path
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
