import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  CHAPTERS,
  RuleResult,
  summarize,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { ChapterBars, ScoreSummary } from './ScoreSummary';

const result = (
  ruleId: string,
  chapter: string,
  status: RuleResult['status'],
  weight = 1,
): RuleResult => ({ ruleId, chapter, weight, status, evidence: [] } as any);

const card = (results: RuleResult[]) => ({
  entityRef: 'component:default/chat',
  ...summarize(results),
  results,
  facts: {},
});

describe('ScoreSummary', () => {
  it('gives the grade, the score, the count of each result and what the coverage means', async () => {
    const scorecard = card([
      result('a', 'serving-runtime', 'pass', 3),
      result('b', 'serving-runtime', 'fail', 1),
      result('c', 'cost-discipline', 'waived', 1),
      result('d', 'cost-discipline', 'not-applicable', 1),
    ]);
    await renderInTestApp(<ScoreSummary scorecard={scorecard} />);
    expect(screen.getByText(`${scorecard.score} / 100`)).toBeInTheDocument();
    expect(
      screen.getByText(
        'Coverage 100 % · 1 passed · 1 failed · 0 unknown · 1 waived',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Evidence decided 100 %/)).toBeInTheDocument();
  });

  it('says a score is only so far when unknown rules leave the grade incomplete', async () => {
    const scorecard = card([
      result('a', 'serving-runtime', 'pass', 1),
      result('b', 'serving-runtime', 'unknown', 3),
    ]);
    expect(scorecard.grade).toBe('Incomplete');
    await renderInTestApp(<ScoreSummary scorecard={scorecard} />);
    expect(
      screen.getByText(`${scorecard.score} / 100 so far`),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The unknown rules below say what would decide them\.$/),
    ).toBeInTheDocument();
  });
});

describe('ChapterBars', () => {
  it('shows each chapter as a meter, and a chapter without a score as such', async () => {
    const scorecard = card([result('a', 'serving-runtime', 'pass', 1)]);
    await renderInTestApp(<ChapterBars scorecard={scorecard} />);
    const serving = CHAPTERS.find(c => c.id === 'serving-runtime')!;
    expect(
      screen.getByRole('meter', {
        name: `${serving.title}: 100, coverage 100 %`,
      }),
    ).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getAllByRole('img', { name: /: not scored$/ })).toHaveLength(
      CHAPTERS.length - 1,
    );
  });
});
