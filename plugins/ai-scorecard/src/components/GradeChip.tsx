import { Chip } from '@material-ui/core';
import { Grade } from '@ai-refarch/plugin-ai-scorecard-common';

const COLOURS: Record<Grade, string> = {
  A: '#1b7f3b',
  B: '#5a9e2f',
  C: '#b8860b',
  D: '#d46b08',
  F: '#c62828',
};

/** A grade as a coloured chip; "–" when nothing could be graded. */
export function GradeChip(props: {
  grade: Grade | null;
  size?: 'small' | 'medium';
  label?: string;
}) {
  const { grade, size = 'small', label } = props;
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
