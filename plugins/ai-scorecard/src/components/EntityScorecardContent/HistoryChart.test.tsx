import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { HistoryChart } from './HistoryChart';

describe('HistoryChart', () => {
  it('says that there is no history yet', async () => {
    await renderInTestApp(<HistoryChart history={[]} />);
    expect(screen.getByText(/^No history yet/)).toBeInTheDocument();
  });

  it('describes the trend in its text alternative, counting only scored days', async () => {
    await renderInTestApp(
      <HistoryChart
        history={[
          { day: '2026-11-24', score: null, coverage: null, grade: null },
          { day: '2026-11-25', score: 62, coverage: 90, grade: 'D' },
          { day: '2026-11-26', score: 81, coverage: 95, grade: 'B' },
          { day: '2026-11-27', score: 74, coverage: 95, grade: 'C' },
        ]}
      />,
    );
    expect(
      screen.getByRole('img', {
        name: 'Score per day, 2026-11-24 to 2026-11-27: 74 (C) on the last day, between 62 and 81.',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The last score of each day, 2026-11-24 to 2026-11-27.'),
    ).toBeInTheDocument();
  });

  it('names a last day without a score by its state', async () => {
    await renderInTestApp(
      <HistoryChart
        history={[
          { day: '2026-11-26', score: null, coverage: null, grade: null },
          { day: '2026-11-27', score: null, coverage: 40, grade: 'Incomplete' },
        ]}
      />,
    );
    expect(
      screen.getByRole('img', {
        name: 'Score per day, 2026-11-26 to 2026-11-27: Incomplete on the last day, between – and –.',
      }),
    ).toBeInTheDocument();
  });
});
