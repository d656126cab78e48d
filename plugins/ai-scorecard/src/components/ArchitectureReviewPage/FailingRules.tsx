import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { InfoCard, Link, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { CHAPTERS } from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef } from '../../api';

const MAX_ROWS = 10;

/**
 * The rules most entities fail, each with the golden path (or document)
 * that fixes it; choosing a count lists those entities below.
 */
export function FailingRules(props: {
  kind?: string;
  onSelect: (ruleId: string) => void;
}) {
  const { kind, onSelect } = props;
  const api = useApi(aiScorecardApiRef);
  const data = useAsync(async () => {
    const [counts, ruleSet] = await Promise.all([
      api.getFailingRules({ kind }),
      api.getRules(),
    ]);
    const rules = new Map(ruleSet.rules.map(r => [r.id, r]));
    return counts
      .slice(0, MAX_ROWS)
      .map(c => ({ ...c, rule: rules.get(c.ruleId) }));
  }, [api, kind]);
  return (
    <InfoCard
      title="Most failed rules"
      subheader="Each with the golden path that fixes it: a service created from it passes"
    >
      {data.error && <ResponseErrorPanel error={data.error} />}
      {data.value?.length === 0 && (
        <Typography variant="body2">No graded entity fails a rule.</Typography>
      )}
      {!!data.value?.length && (
        <Table size="small" aria-label="Most failed rules">
          <TableHead>
            <TableRow>
              <TableCell>Rule</TableCell>
              <TableCell align="right">Entities</TableCell>
              <TableCell>Fixed by</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.value.map(({ ruleId, entities, rule }) => {
              const chapter = CHAPTERS.find(c => c.id === rule?.chapter);
              return (
                <TableRow key={ruleId}>
                  <TableCell>
                    {rule?.title ?? ruleId}
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="div"
                    >
                      {chapter ? `${chapter.number} ${chapter.title} · ` : ''}
                      {ruleId}
                    </Typography>
                  </TableCell>
                  <TableCell align="right">
                    <Button
                      size="small"
                      aria-label={`List the ${entities} entities failing ${ruleId}`}
                      onClick={() => onSelect(ruleId)}
                    >
                      {entities}
                    </Button>
                  </TableCell>
                  <TableCell>
                    {rule?.remediation.template && (
                      <Link
                        to={`/create/templates/default/${rule.remediation.template}`}
                      >
                        {rule.remediation.template} golden path
                      </Link>
                    )}
                    {!rule?.remediation.template && rule?.remediation.link && (
                      <Link to={rule.remediation.link}>Guidance</Link>
                    )}
                    {!rule?.remediation.template && !rule?.remediation.link && (
                      <Typography variant="caption">
                        {rule?.remediation.text}
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
