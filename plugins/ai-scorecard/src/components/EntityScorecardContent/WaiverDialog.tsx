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
import { Rule } from '@ai-refarch/plugin-ai-scorecard-common';

/** The longest a waiver may last; the back end refuses longer ones too. */
export const MAX_WAIVER_DAYS = 366;
const DAY = 86_400_000;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Checks the form the way the back end will, naming the field. */
export function validateWaiver(
  form: { reason: string; expires: string },
  now: Date,
): { reason?: string; expires?: string } {
  const errors: { reason?: string; expires?: string } = {};
  if (form.reason.trim().length < 10) {
    errors.reason = 'Say why, in at least 10 characters';
  }
  const expires = Date.parse(`${form.expires}T23:59:59Z`);
  if (Number.isNaN(expires)) {
    errors.expires = 'Pick the day the waiver ends';
  } else if (expires <= now.getTime()) {
    errors.expires = 'The waiver must end in the future';
  } else if (expires > now.getTime() + MAX_WAIVER_DAYS * DAY) {
    errors.expires = `A waiver lasts at most ${MAX_WAIVER_DAYS} days`;
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
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(
    isoDay(new Date(Date.now() + 90 * DAY)),
  );
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  const errors = validateWaiver({ reason, expires }, new Date());
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
      <DialogTitle id="waiver-dialog-title">Waive “{rule.title}”</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          While the waiver lasts, this rule neither helps nor hurts the grade of{' '}
          {entityTitle}. The waiver, its reason and its author are visible to
          everyone and written to the audit log.
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
          label="Reason"
          value={reason}
          onChange={e => setReason(e.target.value)}
          onBlur={() => setTouched(true)}
          error={touched && !!errors.reason}
          helperText={
            (touched && errors.reason) ||
            'Why the rule does not apply or cannot be met yet, and the plan'
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
          label="Ends on"
          type="date"
          value={expires}
          onChange={e => setExpires(e.target.value)}
          error={!!errors.expires}
          helperText={
            errors.expires ??
            `The waiver stops applying by itself after this day (UTC); at most ${MAX_WAIVER_DAYS} days`
          }
          InputLabelProps={{ shrink: true }}
          required
          margin="normal"
          variant="outlined"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={submitting || (touched && !valid)}
        >
          Waive rule
        </Button>
      </DialogActions>
    </Dialog>
  );
}
