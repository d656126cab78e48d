import { Box, Typography, useTheme } from '@material-ui/core';
import {
  CHAPTERS,
  EntityScorecard,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { GradeChip } from './GradeChip';

/**
 * A chapter's score as a meter (not a progress bar: nothing is loading);
 * a chapter without a score is an empty bar that says so (a meter must
 * have a value).
 */
function ScoreBar(props: { score: number | null; label: string }) {
  const theme = useTheme();
  const role =
    props.score === null
      ? { role: 'img' }
      : {
          role: 'meter',
          'aria-valuemin': 0,
          'aria-valuemax': 100,
          'aria-valuenow': props.score,
        };
  return (
    <Box
      {...role}
      aria-label={props.label}
      height={6}
      borderRadius={3}
      bgcolor={theme.palette.action.hover}
    >
      <Box
        height={6}
        borderRadius={3}
        width={`${props.score ?? 0}%`}
        bgcolor={theme.palette.primary.main}
      />
    </Box>
  );
}

/** What the coverage means for the grade, in one sentence. */
export function coverageText(scorecard: EntityScorecard): string {
  const { coverage, coverageThreshold, grade } = scorecard;
  if (coverage === null) return 'No rule applies.';
  if (grade === 'Incomplete') {
    return `Evidence decided ${coverage} % of the applicable rules' weight; a grade needs ${coverageThreshold} %. The unknown rules below say what would decide them.`;
  }
  return `Evidence decided ${coverage} % of the applicable rules' weight (a grade needs ${coverageThreshold} %).`;
}

/** The overall grade and score, its coverage, and how many rules had each result. */
export function ScoreSummary(props: { scorecard: EntityScorecard }) {
  const { scorecard } = props;
  const counts = scorecard.results.reduce<Record<string, number>>(
    (c, r) => ({ ...c, [r.status]: (c[r.status] ?? 0) + 1 }),
    {},
  );
  let score = `${scorecard.score} / 100`;
  if (scorecard.score === null) score = 'Not scored';
  else if (scorecard.grade === 'Incomplete') score += ' so far';
  return (
    <Box mb={2}>
      <Box display="flex" alignItems="center">
        <GradeChip grade={scorecard.grade} size="medium" />
        <Box ml={2}>
          <Typography variant="h6">{score}</Typography>
          <Typography variant="body2" color="textSecondary">
            {scorecard.coverage === null
              ? ''
              : `Coverage ${scorecard.coverage} % · `}
            {counts.pass ?? 0} passed · {counts.fail ?? 0} failed ·{' '}
            {counts.unknown ?? 0} unknown · {counts.waived ?? 0} waived
          </Typography>
        </Box>
      </Box>
      <Typography variant="body2" color="textSecondary">
        {coverageText(scorecard)}
      </Typography>
    </Box>
  );
}

/** One bar and grade per chapter of the architecture. */
export function ChapterBars(props: { scorecard: EntityScorecard }) {
  return (
    <>
      {CHAPTERS.map(chapter => {
        const c = props.scorecard.chapters.find(x => x.chapter === chapter.id);
        return (
          <Box key={chapter.id} display="flex" alignItems="center" mb={1}>
            <Typography variant="body2" style={{ width: 260 }}>
              {chapter.number} {chapter.title}
            </Typography>
            <Box flexGrow={1} mx={1}>
              <ScoreBar
                score={c?.score ?? null}
                label={`${chapter.title}: ${c?.score ?? 'not scored'}${
                  c?.coverage === null || c?.coverage === undefined
                    ? ''
                    : `, coverage ${c.coverage} %`
                }`}
              />
            </Box>
            <GradeChip grade={c?.grade ?? null} compact />
          </Box>
        );
      })}
    </>
  );
}
