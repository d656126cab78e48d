import { ReactNode } from 'react';
import {
  Box,
  Button,
  Chip,
  MenuItem,
  Select,
  Theme,
  Typography,
  useTheme,
} from '@material-ui/core';
import { getContrastRatio } from '@material-ui/core/styles';
import { InfoCard, WarningPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  COST_WINDOWS,
  CostWindow,
  DataSource,
} from '@ai-refarch/plugin-ai-ops-common';
import { aiOpsTranslationRef } from '../translation';

/** A card that has nothing to show yet, saying why and what to do. */
export function NothingToShow(props: {
  title: string;
  message: string;
  children?: ReactNode;
}) {
  return (
    <InfoCard title={props.title}>
      <Typography paragraph>{props.message}</Typography>
      {props.children}
    </InfoCard>
  );
}

/**
 * The card's state when the back end could not reach Prometheus (503) or
 * failed otherwise: the back end's own words, and a way to try again.
 */
export function Unreachable(props: {
  title: string;
  error: Error;
  retry: () => void;
}) {
  const { t } = useTranslationRef(aiOpsTranslationRef);
  const status =
    props.error instanceof ResponseError ? props.error.statusCode : undefined;
  const message =
    props.error instanceof ResponseError
      ? props.error.body.error.message
      : props.error.message;
  return (
    <InfoCard title={props.title}>
      <WarningPanel
        severity="error"
        defaultExpanded
        title={
          status === 503 ? t('states.unreachable') : t('states.couldNotLoad')
        }
        message={message}
      >
        <Typography variant="body2" paragraph>
          {status === 503
            ? t('states.unreachableHelp')
            : t('states.refusedHelp')}
        </Typography>
        <Button variant="outlined" size="small" onClick={props.retry}>
          {t('states.tryAgain')}
        </Button>
      </WarningPanel>
    </InfoCard>
  );
}

/** Where the numbers come from; demo data says so. */
export function SourceLabel(props: { source: DataSource; extra?: string }) {
  const theme = useTheme();
  const { t } = useTranslationRef(aiOpsTranslationRef);
  return (
    <Box display="flex" alignItems="center" component="span">
      <span>
        {props.extra ? `${props.extra} · ` : ''}
        {props.source.title}
      </span>
      {props.source.demo && (
        <Chip
          size="small"
          label={t('states.demoData')}
          title={t('states.demoDataTitle')}
          style={{
            marginLeft: 8,
            backgroundColor: theme.palette.warning.light,
            color: textOn(theme, theme.palette.warning.light),
          }}
        />
      )}
    </Box>
  );
}

/**
 * A token count as the cost cards show it: rounded (counts come from
 * increase(), which extrapolates), in millions or thousands of millions
 * from a million up.
 */
export const tokenCount = (n: number): string => {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : Math.round(n).toLocaleString();
};

/** Money in the report's currency: cents below 100, whole units above. */
export const moneyIn = (currency: string) => (n: number) =>
  n.toLocaleString(undefined, {
    style: 'currency',
    currency,
    maximumFractionDigits: n < 100 ? 2 : 0,
  });

export const pct = (x: number | null, digits = 2) =>
  x === null ? '–' : `${(x * 100).toFixed(digits)} %`;

/** Black or white, whichever reads better on `background` (at least 4.5:1). */
export function textOn(theme: Theme, background: string): string {
  const { black, white } = theme.palette.common;
  return getContrastRatio(background, white) >=
    getContrastRatio(background, black)
    ? white
    : black;
}

/** A card's window picker: the last hour, day, 7, 28 or 30 days, or this month. */
export function WindowSelect(props: {
  value: CostWindow;
  onChange: (window: CostWindow) => void;
  label: string;
}) {
  const { t } = useTranslationRef(aiOpsTranslationRef);
  return (
    <Select
      value={props.value}
      onChange={e => props.onChange(e.target.value as CostWindow)}
      aria-label={props.label}
      disableUnderline
    >
      {COST_WINDOWS.map(w => (
        <MenuItem key={w} value={w}>
          {t(`cost.windows.${w}`)}
        </MenuItem>
      ))}
    </Select>
  );
}
