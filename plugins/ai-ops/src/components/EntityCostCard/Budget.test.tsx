import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { Budget } from './Budget';

const money = (n: number) => `$${n.toFixed(2)}`;

describe('Budget', () => {
  it('shows month to date against the budget with the projection, as a meter that stops at full', async () => {
    await renderInTestApp(
      <Budget
        budget={{
          amount: 1000,
          monthToDate: 1300.99,
          projectedMonthEnd: 1400,
          status: 'over',
        }}
        money={money}
      />,
    );
    expect(
      screen.getByText(
        'Month to date $1300.99 of $1000.00 budget · projected month end $1400.00',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Over budget')).toBeInTheDocument();
    expect(
      screen.getByRole('meter', { name: 'Budget used this month' }),
    ).toHaveAttribute('aria-valuenow', '100');
  });

  it('says the month to date is a lower bound when the GPU cost is not known', async () => {
    await renderInTestApp(
      <Budget
        budget={{
          amount: 1000,
          monthToDate: 250,
          projectedMonthEnd: 0,
          status: 'unknown',
        }}
        money={money}
      />,
    );
    expect(
      screen.getByText(
        'Month to date at least $250.00 of $1000.00 budget · the GPU cost is not known',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Unknown')).toBeInTheDocument();
    expect(
      screen.getByRole('meter', { name: 'Budget used this month' }),
    ).toHaveAttribute('aria-valuenow', '25');
  });
});
