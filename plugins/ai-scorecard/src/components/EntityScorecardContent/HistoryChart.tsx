import { Box, Typography, useTheme } from '@material-ui/core';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { GRADE_FLOORS } from '@ai-refarch/plugin-ai-scorecard-common';
import { ScorecardHistoryPoint } from '../../api';
import { aiScorecardTranslationRef } from '../../translation';

/** The overall score per day, with the grade boundaries as lines. */
export function HistoryChart(props: { history: ScorecardHistoryPoint[] }) {
  const theme = useTheme();
  const { t } = useTranslationRef(aiScorecardTranslationRef);
  const { history } = props;
  if (history.length === 0) {
    return (
      <Typography color="textSecondary">{t('historyChart.empty')}</Typography>
    );
  }
  const gradeName = (grade: ScorecardHistoryPoint['grade']): string => {
    if (grade === 'Incomplete') return t('grade.incomplete');
    return grade ?? t('historyChart.notGraded');
  };
  const scored = history.filter(p => p.score !== null);
  const last = history[history.length - 1];
  const scores = scored.map(p => p.score as number);
  // The chart's text alternative: what a sighted reader takes from it.
  const summary = t('historyChart.summary', {
    first: history[0].day,
    last: last.day,
    latest:
      last.score === null
        ? gradeName(last.grade)
        : `${last.score} (${gradeName(last.grade)})`,
    lowest: scores.length ? String(Math.min(...scores)) : '–',
    highest: scores.length ? String(Math.max(...scores)) : '–',
  });
  return (
    <>
      <Box role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={320}>
          <LineChart
            data={history}
            margin={{ top: 8, right: 24, bottom: 0, left: -16 }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tick={{ fontSize: 12 }} />
            <YAxis domain={[0, 100]} ticks={[0, 20, 40, 60, 80, 100]} />
            {GRADE_FLOORS.map(l => (
              <ReferenceLine
                key={l.grade}
                y={l.score}
                stroke={theme.palette.divider}
                label={{
                  value: l.grade,
                  position: 'right',
                  fontSize: 11,
                  fill: theme.palette.text.secondary,
                }}
              />
            ))}
            <Tooltip
              formatter={(value: number, _name, item) => [
                item.payload.coverage === null
                  ? t('historyChart.value', {
                      score: String(value),
                      grade: gradeName(item.payload.grade),
                    })
                  : t('historyChart.valueWithCoverage', {
                      score: String(value),
                      grade: gradeName(item.payload.grade),
                      coverage: String(item.payload.coverage),
                    }),
                t('historyChart.score'),
              ]}
            />
            <Line
              type="monotone"
              dataKey="score"
              stroke={theme.palette.primary.main}
              strokeWidth={2}
              dot={history.length < 32}
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </Box>
      <Typography variant="caption" color="textSecondary">
        {t('historyChart.caption', {
          first: history[0].day,
          last: history[history.length - 1].day,
        })}
      </Typography>
    </>
  );
}
