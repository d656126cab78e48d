import {
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  AdvisorReason,
  RankedOption,
} from '@ai-refarch/plugin-ai-model-common';
import { ReactNode } from 'react';
import { aiRefarchScaffolderTranslationRef } from '../../translation';

function Reason({ reason }: { reason: AdvisorReason }) {
  const sign = reason.effect === 'for' ? '+' : '−';
  return (
    <Typography variant="body2" component="li">
      {`${sign}${reason.weight ? reason.weight : ''}: ${reason.text} `}(
      {reason.source.startsWith('https://') ? (
        <Link to={reason.source}>{new URL(reason.source).hostname}</Link>
      ) : (
        reason.source
      )}
      )
    </Typography>
  );
}

/**
 * An enum field with the advisor's ranking of its options below it: each
 * option's score and the reasons for and against it, each with its source.
 * Options the field cannot take (a hosted API on a self-hosting path) are
 * ranked too, so that the advice is whole.
 */
export function AdvisorTable<O extends string>(props: {
  field: FieldExtensionComponentProps<string>;
  ranked: RankedOption<O>[] | undefined;
  labels: Record<string, string>;
  heading: string;
  /** Above the table: the break-even, or what the advice still needs. */
  summary?: ReactNode;
  testId: string;
}) {
  const { field, ranked, labels, heading, summary, testId } = props;
  const { t } = useTranslationRef(aiRefarchScaffolderTranslationRef);
  const { formData, onChange, schema, required, rawErrors, idSchema } = field;
  const options = (schema.enum ?? []) as string[];
  return (
    <>
      <TextField
        id={idSchema?.$id}
        select
        label={schema.title}
        helperText={schema.description}
        required={required}
        value={formData ?? ''}
        error={Boolean(rawErrors?.length)}
        onChange={e => onChange(e.target.value as string)}
        margin="normal"
        fullWidth
      >
        {options.map(o => (
          <MenuItem key={o} value={o}>
            {labels[o] ?? o}
          </MenuItem>
        ))}
      </TextField>
      <div data-testid={testId}>
        <Typography variant="subtitle2">{heading}</Typography>
        {summary}
        {ranked && (
          <Table size="small" aria-label={heading}>
            <TableHead>
              <TableRow>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {t('advisor.rank')}
                </TableCell>
                <TableCell>{t('advisor.option')}</TableCell>
                <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
                  {t('advisor.score')}
                </TableCell>
                <TableCell>{t('advisor.why')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {ranked.map((o, i) => (
                <TableRow
                  key={o.option}
                  selected={o.option === formData}
                  data-option={o.option}
                >
                  <TableCell>{o.excluded ? '—' : i + 1}</TableCell>
                  <TableCell>
                    {labels[o.option] ?? o.option}
                    {!options.includes(o.option) && (
                      <Typography variant="caption" display="block">
                        {t('advisor.notOnThisPath')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell align="right">
                    {o.excluded ? t('advisor.excluded') : o.score}
                  </TableCell>
                  <TableCell>
                    <ul style={{ margin: 0, paddingLeft: 16 }}>
                      {o.excluded && <Reason reason={o.excluded} />}
                      {o.reasons.map(r => (
                        <Reason key={r.text} reason={r} />
                      ))}
                      {!o.excluded && o.reasons.length === 0 && (
                        <Typography variant="body2" component="li">
                          {t('advisor.nothingDecides')}
                        </Typography>
                      )}
                    </ul>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </div>
    </>
  );
}

/** The labels of the field's options, from the schema's enumNames. */
export function enumLabels(
  schema: FieldExtensionComponentProps<string>['schema'],
): Record<string, string> {
  const names = (schema as { enumNames?: string[] }).enumNames ?? [];
  return Object.fromEntries(
    ((schema.enum ?? []) as string[]).map((o, i) => [o, names[i] ?? o]),
  );
}
