import { Box, Typography, useTheme } from '@material-ui/core';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  CHAPTERS,
  EntityScorecard,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { aiScorecardTranslationRef, ScorecardT } from '../translation';
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
export function coverageText(
  scorecard: EntityScorecard,
  t: ScorecardT,
): string {
  const { coverage, coverageThreshold, grade } = scorecard;
  if (coverage === null) return t('summary.noRuleApplies');
  const values = {
    coverage: String(coverage),
    threshold: String(coverageThreshold),
  };
  return grade === 'Incomplete'
    ? t('summary.coverageTooLow', values)
    : t('summary.coverage', values);
}

/** The overall grade and score, its coverage, and how many rules had each result. */
export function ScoreSummary(props: { scorecard: EntityScorecard }) {
  const { scorecard } = props;
  const counts = scorecard.results.reduce<Record<string, number>>(
    (c, r) => ({ ...c, [r.status]: (c[r.status] ?? 0) + 1 }),
    {},
  );
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  let score: string = t('summary.notScored');
  if (scorecard.score !== null) {
    score = t(
      scorecard.grade === 'Incomplete' ? 'summary.scoreSoFar' : 'summary.score',
      { score: String(scorecard.score) },
    );
  }
  const tally = {
    passed: String(counts.pass ?? 0),
    failed: String(counts.fail ?? 0),
    unknown: String(counts.unknown ?? 0),
    waived: String(counts.waived ?? 0),
  };
  return (
    <Box mb={2}>
      <Box display="flex" alignItems="center">
        <GradeChip grade={scorecard.grade} size="medium" />
        <Box ml={2}>
          <Typography variant="h6">{score}</Typography>
          <Typography variant="body2" color="textSecondary">
            {scorecard.coverage === null
              ? t('summary.counts', tally)
              : t('summary.countsWithCoverage', {
                  ...tally,
                  coverage: String(scorecard.coverage),
                })}
          </Typography>
        </Box>
      </Box>
      <Typography variant="body2" color="textSecondary">
        {coverageText(scorecard, t)}
      </Typography>
    </Box>
  );
}

/** One bar and grade per chapter of the architecture. */
export function ChapterBars(props: { scorecard: EntityScorecard }) {
  const { t } = useTranslationRef(aiScorecardTranslationRef);
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
                label={
                  c?.coverage === null || c?.coverage === undefined
                    ? t('summary.chapterBar', {
                        chapter: chapter.title,
                        score: String(
                          c?.score ?? t('summary.chapterNotScored'),
                        ),
                      })
                    : t('summary.chapterBarWithCoverage', {
                        chapter: chapter.title,
                        score: String(c.score ?? t('summary.chapterNotScored')),
                        coverage: String(c.coverage),
                      })
                }
              />
            </Box>
            <GradeChip grade={c?.grade ?? null} compact />
          </Box>
        );
      })}
    </>
  );
}
