import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { InfoCard, Link, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import useAsync from 'react-use/esm/useAsync';
import { CHAPTERS } from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardApiRef } from '../../api';
import { aiScorecardTranslationRef } from '../../translation';
import { TableHeader } from '../TableHeader';

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
  const { t } = useTranslationRef(aiScorecardTranslationRef);
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
      title={t('failingRules.title')}
      subheader={t('failingRules.subheader')}
    >
      {data.error && <ResponseErrorPanel error={data.error} />}
      {data.value?.length === 0 && (
        <Typography variant="body2">{t('failingRules.none')}</Typography>
      )}
      {!!data.value?.length && (
        <Table size="small" aria-label={t('failingRules.tableLabel')}>
          <TableHeader
            columns={[
              t('failingRules.rule'),
              { title: t('failingRules.entities'), align: 'right' },
              t('failingRules.fixedBy'),
            ]}
          />
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
                      aria-label={t('failingRules.listEntities', {
                        entities: String(entities),
                        ruleId,
                      })}
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
                        {t('failingRules.goldenPath', {
                          template: rule.remediation.template,
                        })}
                      </Link>
                    )}
                    {!rule?.remediation.template && rule?.remediation.link && (
                      <Link to={rule.remediation.link}>
                        {t('failingRules.guidance')}
                      </Link>
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
