import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Rule } from '@ai-refarch/plugin-ai-scorecard-common';
import {
  aiScorecardMessages,
  aiScorecardTranslationRef,
} from '../../translation';

/** The longest a waiver may last; the back end refuses longer ones too. */
export const MAX_WAIVER_DAYS = 366;
const DAY = 86_400_000;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** What can be wrong with the form, as a key of `waiverDialog.errors`. */
export type WaiverError = keyof typeof aiScorecardMessages.waiverDialog.errors;

/** Words for a waiver error; the English messages when not translated. */
export type SayWaiverError = (
  error: WaiverError,
  values: { maxDays: string },
) => string;

const inEnglish: SayWaiverError = (error, values) =>
  aiScorecardMessages.waiverDialog.errors[error].replace(
    '{{maxDays}}',
    values.maxDays,
  );

/** Checks the form the way the back end will, naming the field. */
export function validateWaiver(
  form: { reason: string; expires: string },
  now: Date,
  say: SayWaiverError = inEnglish,
): { reason?: string; expires?: string } {
  const errors: { reason?: string; expires?: string } = {};
  const values = { maxDays: String(MAX_WAIVER_DAYS) };
  if (form.reason.trim().length < 10) {
    errors.reason = say('reasonTooShort', values);
  }
  const expires = Date.parse(`${form.expires}T23:59:59Z`);
  if (Number.isNaN(expires)) {
    errors.expires = say('expiresMissing', values);
  } else if (expires <= now.getTime()) {
    errors.expires = say('expiresPast', values);
  } else if (expires > now.getTime() + MAX_WAIVER_DAYS * DAY) {
    errors.expires = say('expiresTooLong', values);
  }
  return errors;
}

/**
 * Asks for the reason and the end of a waiver of one rule. The waiver ends
 * at the end of the chosen day (UTC).
 */
export function WaiverDialog(props: {
  rule: Rule;
  entityTitle: string;
  onClose: () => void;
  onSubmit: (waiver: { reason: string; expiresAt: string }) => Promise<void>;
}) {
  const { rule, entityTitle, onClose, onSubmit } = props;
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(
    isoDay(new Date(Date.now() + 90 * DAY)),
  );
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  const errors = validateWaiver({ reason, expires }, new Date(), (e, values) =>
    t(`waiverDialog.errors.${e}`, values),
  );
  const valid = !errors.reason && !errors.expires;

  const submit = async () => {
    setTouched(true);
    if (!valid) return;
    setSubmitting(true);
    setError(undefined);
    try {
      await onSubmit({
        reason: reason.trim(),
        expiresAt: `${expires}T23:59:59Z`,
      });
    } catch (e) {
      setError(e as Error);
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="waiver-dialog-title"
    >
      <DialogTitle id="waiver-dialog-title">
        {t('waiverDialog.title', { rule: rule.title })}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          {t('waiverDialog.explanation', { entity: entityTitle })}
        </Typography>
        {error && (
          <Alert severity="error" style={{ marginBottom: 16 }}>
            {error.message}
          </Alert>
        )}
        <TextField
          id="waiver-reason"
          // The WAI-ARIA dialog pattern: opening moves the focus to the
          // first field (an open dialog is where the user is).
          // eslint-disable-next-line jsx-a11y/no-autofocus
          autoFocus
          label={t('waiverDialog.reason')}
          value={reason}
          onChange={e => setReason(e.target.value)}
          onBlur={() => setTouched(true)}
          error={touched && !!errors.reason}
          helperText={
            (touched && errors.reason) || t('waiverDialog.reasonHelp')
          }
          multiline
          minRows={3}
          fullWidth
          required
          margin="normal"
          variant="outlined"
        />
        <TextField
          id="waiver-expires"
          label={t('waiverDialog.ends')}
          type="date"
          value={expires}
          onChange={e => setExpires(e.target.value)}
          error={!!errors.expires}
          helperText={
            errors.expires ??
            t('waiverDialog.endsHelp', { maxDays: String(MAX_WAIVER_DAYS) })
          }
          InputLabelProps={{ shrink: true }}
          required
          margin="normal"
          variant="outlined"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('waiverDialog.cancel')}</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={submitting || (touched && !valid)}
        >
          {t('waiverDialog.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
