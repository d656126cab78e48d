import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { aiScorecardApiRef } from '../../api';
import { chatService, scorecardApi } from '../../__testUtils__/scorecardApi';
import { EntityScorecardCard } from './EntityScorecardCard';

const entity = chatService;
const api = (graded: boolean) => scorecardApi(entity, { graded });

describe('EntityScorecardCard', () => {
  it('shows the grade, its coverage, a bar per chapter and the failing rules with the golden path that fixes them', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[aiScorecardApiRef, api(true)]]}>
        <EntityProvider entity={entity}>
          <EntityScorecardCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Architecture scorecard'),
    ).toBeInTheDocument();
    // the overall grade comes first, then one per chapter
    const grades = screen.getAllByLabelText(/^grade /);
    expect(grades).toHaveLength(9);
    // Graded on its catalog facts alone: too little evidence for a letter.
    const { scorecard } = (await api(true).getScorecard(null as any))!;
    expect(scorecard.coverage).toBeLessThan(75);
    expect(grades[0]).toHaveAccessibleName('grade Incomplete');
    expect(
      screen.getByText(`${scorecard.score} / 100 so far`),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `Evidence decided ${scorecard.coverage} % of the applicable rules' weight; a grade needs 75 %. The unknown rules below say what would decide them.`,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('1 GPU cluster topology')).toBeInTheDocument();
    // A meter per scored chapter; the unscored one (RAG) is an image that
    // says so, since a meter must have a value.
    expect(screen.getAllByRole('meter')).toHaveLength(7);
    expect(
      screen.getByRole('img', { name: /^RAG infrastructure: not scored/ }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.getByText('8 On-call and incidents')).toBeInTheDocument();
    expect(screen.getByText('A runbook is linked (high)')).toBeInTheDocument();
    const fixes = screen.getAllByRole('link', {
      name: 'Fix it with the llm-serving golden path',
    });
    expect(fixes[0]).toHaveAttribute(
      'href',
      '/create/templates/default/llm-serving',
    );
  });

  it('offers to grade an entity that has not been graded', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[aiScorecardApiRef, api(false)]]}>
        <EntityProvider entity={entity}>
          <EntityScorecardCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('button', { name: 'Grade it now' }),
    ).toBeInTheDocument();
  });
});
