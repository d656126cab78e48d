import { ReactNode } from 'react';
import {
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Rule, StoredWaiver } from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardTranslationRef } from '../../translation';
import { TableHeader } from '../TableHeader';

/**
 * An entity's waivers, ended ones marked; `action` gives a row's button
 * (remove), if any.
 */
export function WaiverTable(props: {
  waivers: StoredWaiver[];
  rules: Map<string, Rule>;
  canCreate: boolean;
  action: (waiver: StoredWaiver) => ReactNode;
  now?: Date;
}) {
  const { waivers, rules, canCreate, action } = props;
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const now = (props.now ?? new Date()).getTime();
  if (waivers.length === 0) {
    return (
      <Typography color="textSecondary">
        {canCreate
          ? t('content.waivers.noneCanCreate')
          : t('content.waivers.noneCannotCreate')}
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={t('content.waivers.tableLabel')}>
      <TableHeader
        columns={[
          t('content.waivers.rule'),
          t('content.waivers.reason'),
          t('content.waivers.author'),
          t('content.waivers.created'),
          t('content.waivers.ends'),
          '',
        ]}
      />
      <TableBody>
        {waivers.map(w => (
          <TableRow key={w.id}>
            <TableCell>{rules.get(w.ruleId)?.title ?? w.ruleId}</TableCell>
            <TableCell>{w.reason}</TableCell>
            <TableCell>{w.author}</TableCell>
            <TableCell>{new Date(w.createdAt).toLocaleDateString()}</TableCell>
            <TableCell>
              {new Date(w.expiresAt).toLocaleDateString()}
              {Date.parse(w.expiresAt) <= now && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  {t('content.waivers.ended')}
                </Typography>
              )}
            </TableCell>
            <TableCell>{action(w)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
