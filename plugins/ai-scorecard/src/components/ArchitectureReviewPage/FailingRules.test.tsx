import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { aiScorecardApiRef } from '../../api';
import { chatService, scorecardApi } from '../../__testUtils__/scorecardApi';
import { FailingRules } from './FailingRules';

const entity = chatService;

describe('FailingRules', () => {
  it('lists the failed rules with the golden path that fixes each, and selects one', async () => {
    const onSelect = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[aiScorecardApiRef, scorecardApi(entity)]]}>
        <FailingRules onSelect={onSelect} />
      </TestApiProvider>,
    );
    const table = await screen.findByRole('table', {
      name: 'Most failed rules',
    });
    const row = within(table).getByText('A runbook is linked').closest('tr')!;
    expect(
      within(row).getByText(
        /8 On-call and incidents · on-call-incidents.runbook/,
      ),
    ).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: 'llm-serving golden path' }),
    ).toHaveAttribute('href', '/create/templates/default/llm-serving');
    await userEvent.click(
      within(row).getByRole('button', {
        name: 'List the 1 entities failing on-call-incidents.runbook',
      }),
    );
    expect(onSelect).toHaveBeenCalledWith('on-call-incidents.runbook');
  });
});
