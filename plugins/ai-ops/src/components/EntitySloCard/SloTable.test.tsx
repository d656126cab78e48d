import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { SloReport } from '@ai-refarch/plugin-ai-ops-common';
import { BurnRateAlerts } from './BurnRateAlerts';
import { SloTable } from './SloTable';

const availability: SloReport = {
  name: 'availability',
  displayName: 'Availability',
  indicator: 'availability',
  runtime: 'vllm',
  window: '28d',
  target: 0.995,
  threshold: null,
  current: 0.99,
  attainment: 0.9971,
  errorBudgetRemaining: 0.42,
  good: 99710,
  total: 100000,
  unit: 'requests',
  alerts: [
    {
      severity: 'page',
      factor: 14.4,
      long: '1h',
      short: '5m',
      longRate: 15.2,
      shortRate: 16,
      firing: true,
    },
    {
      severity: 'ticket',
      factor: 1,
      long: '3d',
      short: '6h',
      longRate: null,
      shortRate: 0.5,
      firing: false,
    },
  ],
  status: 'page',
  daily: [],
  windowCounts: { window: '1d', good: 9_900, total: 10_000, sli: 0.99 },
};

describe('SloTable', () => {
  it('says where a quality SLO over online evaluations reads its scores, and when they are demo data', async () => {
    const online: SloReport = {
      ...availability,
      name: 'hallucination',
      displayName: 'No hallucination',
      indicator: 'quality',
      threshold: 0.7,
      unit: 'time slices',
      windowCounts: null,
      scores: {
        backend: 'Phoenix',
        project: 'support-assistant',
        score: 'hallucination',
        demo: true,
      },
    };
    await renderInTestApp(
      <SloTable
        slos={[online, availability]}
        countWindow="1d"
        selected={online}
        onSelect={() => {}}
      />,
    );
    expect(screen.getAllByTestId('slo-scores')).toHaveLength(1);
    expect(screen.getByTestId('slo-scores')).toHaveTextContent(
      'online hallucination evaluations of support-assistant in Phoenix (demo data)',
    );
    expect(
      screen.getByText('the score is at least 0.7 in 99.5 % of time slices'),
    ).toBeInTheDocument();
  });

  it('states each SLO in words, with its SLI over the chosen window, attainment, budget left and status, and selects a row', async () => {
    const onSelect = jest.fn();
    const unmeasured: SloReport = {
      ...availability,
      name: 'other',
      displayName: 'Other',
      windowCounts: null,
    };
    await renderInTestApp(
      <SloTable
        slos={[availability, unmeasured]}
        countWindow="1d"
        selected={availability}
        onSelect={onSelect}
      />,
    );
    const table = screen.getByRole('table', { name: /SLO/ });
    const [header, first, second] = within(table).getAllByRole('row');
    expect(header.textContent).toContain('Last day');
    expect(first.textContent).toContain('Availability');
    expect(first.textContent).toContain('99.00 %');
    expect(first.textContent).toContain('9,900 of 10,000');
    expect(first.textContent).toContain('99.71 %');
    expect(first.textContent).toContain('42 %');
    expect(within(second).getByText('–')).toBeInTheDocument();
    await userEvent.click(second);
    expect(onSelect).toHaveBeenCalledWith(1);
  });
});

describe('BurnRateAlerts', () => {
  it('gives each alert its rates now and whether it fires, a dash where a window has no data', async () => {
    await renderInTestApp(<BurnRateAlerts alerts={availability.alerts} />);
    const [, page, ticket] = within(
      screen.getByRole('table', { name: 'Burn-rate alerts' }),
    ).getAllByRole('row');
    expect(
      within(page).getByText('page at 14.4× over 1h and 5m'),
    ).toBeInTheDocument();
    expect(within(page).getByText('15.20×')).toBeInTheDocument();
    expect(within(page).getByText('firing')).toBeInTheDocument();
    expect(within(ticket).getByText('–')).toBeInTheDocument();
    expect(within(ticket).getByText('0.50×')).toBeInTheDocument();
    expect(within(ticket).getByText('no')).toBeInTheDocument();
  });
});
