import { Chip, Tooltip } from '@material-ui/core';
import { Grade, LetterGrade } from '@ai-refarch/plugin-ai-scorecard-common';

const COLOURS: Record<LetterGrade, string> = {
  A: '#1b7f3b',
  B: '#5a9e2f',
  C: '#b8860b',
  D: '#d46b08',
  F: '#c62828',
};

const INCOMPLETE =
  'Incomplete: evidence decided too little of the applicable rules for a letter grade';

/**
 * A grade as a chip: a letter in its colour; Incomplete outlined, never
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
  if (grade === 'Incomplete') {
    const chip = (
      <Chip
        size={size}
        variant="outlined"
        label={label ?? (compact ? 'Inc.' : 'Incomplete')}
        aria-label={label ? undefined : 'grade Incomplete'}
        style={{ fontWeight: 600, borderStyle: 'dashed' }}
      />
    );
    return compact ? <Tooltip title={INCOMPLETE}>{chip}</Tooltip> : chip;
  }
  return (
    <Chip
      size={size}
      label={label ?? grade ?? '–'}
      aria-label={label ? undefined : `grade ${grade ?? 'none'}`}
      style={{
        backgroundColor: grade ? COLOURS[grade] : undefined,
        color: grade ? '#fff' : undefined,
        fontWeight: 600,
      }}
    />
  );
}
