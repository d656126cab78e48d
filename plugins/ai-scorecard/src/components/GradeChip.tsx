import { Chip, Theme, Tooltip, useTheme } from '@material-ui/core';
import { getContrastRatio } from '@material-ui/core/styles';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Grade, LetterGrade } from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardTranslationRef } from '../translation';

/** A grade's colour, from the theme's palette (light or dark). */
export function gradeColour(theme: Theme, grade: LetterGrade): string {
  const p = theme.palette;
  return {
    A: p.success.dark,
    B: p.success.main,
    C: p.warning.main,
    D: p.warning.dark,
    F: p.error.dark,
  }[grade];
}

/** Black or white, whichever reads better on `background` (at least 4.5:1). */
export function textOn(theme: Theme, background: string): string {
  const { black, white } = theme.palette.common;
  return getContrastRatio(background, white) >=
    getContrastRatio(background, black)
    ? white
    : black;
}

/**
 * A grade as a chip: a letter in its theme colour, with black or white text
 * for contrast; Incomplete outlined, never
 * coloured like a grade ("Inc." when `compact`); "–" when no rule applies.
 */
export function GradeChip(props: {
  grade: Grade | null;
  size?: 'small' | 'medium';
  label?: string;
  /** For table cells: Incomplete as "Inc." with its meaning in a tooltip. */
  compact?: boolean;
}) {
  const { grade, size = 'small', label, compact } = props;
  const theme = useTheme();
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  if (grade === 'Incomplete') {
    const chip = (
      <Chip
        size={size}
        variant="outlined"
        label={
          label ??
          (compact ? t('grade.incompleteShort') : t('grade.incomplete'))
        }
        aria-label={
          label
            ? undefined
            : t('grade.ariaLabel', { grade: t('grade.incomplete') })
        }
        style={{ fontWeight: 600, borderStyle: 'dashed' }}
      />
    );
    return compact ? (
      <Tooltip title={t('grade.incompleteHelp')}>{chip}</Tooltip>
    ) : (
      chip
    );
  }
  return (
    <Chip
      size={size}
      label={label ?? grade ?? '–'}
      aria-label={
        label
          ? undefined
          : t('grade.ariaLabel', { grade: grade ?? t('grade.none') })
      }
      style={
        grade
          ? {
              backgroundColor: gradeColour(theme, grade),
              color: textOn(theme, gradeColour(theme, grade)),
              fontWeight: 600,
            }
          : { fontWeight: 600 }
      }
    />
  );
}
