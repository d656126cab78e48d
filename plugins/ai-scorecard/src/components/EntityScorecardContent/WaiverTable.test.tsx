import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { Button } from '@material-ui/core';
import { StoredWaiver } from '@ai-refarch/plugin-ai-scorecard-common';
import { ruleSet } from '../../__testUtils__/scorecardApi';
import { WaiverTable } from './WaiverTable';

const rules = new Map(ruleSet.rules.map(r => [r.id, r]));
const waiver = (id: number, ruleId: string, expiresAt: string) =>
  ({
    id,
    entityRef: 'component:default/chat',
    ruleId,
    reason: `Reason ${id}, long enough`,
    author: 'user:default/reviewer',
    createdAt: '2026-11-01T10:00:00Z',
    expiresAt,
  } satisfies StoredWaiver);

describe('WaiverTable', () => {
  it('says how to waive when there are none, and that the reader may not', async () => {
    const { rerender } = await renderInTestApp(
      <WaiverTable waivers={[]} rules={rules} canCreate action={() => null} />,
    );
    expect(
      screen.getByText(
        'No waivers. Waive a failing or unknown rule from the list above.',
      ),
    ).toBeInTheDocument();
    rerender(
      <WaiverTable
        waivers={[]}
        rules={rules}
        canCreate={false}
        action={() => null}
      />,
    );
    expect(screen.getByText(/You may not create waivers/)).toBeInTheDocument();
  });

  it('lists each waiver by its rule, with reason, author and dates, and marks the ended ones', async () => {
    const runbook = rules.get('on-call-incidents.runbook')!;
    await renderInTestApp(
      <WaiverTable
        waivers={[
          waiver(1, runbook.id, '2026-12-31T00:00:00Z'),
          waiver(2, 'a-rule-no-longer-in-the-set', '2026-11-15T00:00:00Z'),
        ]}
        rules={rules}
        canCreate
        now={new Date('2026-12-01T00:00:00Z')}
        action={w => <Button>Remove {w.ruleId}</Button>}
      />,
    );
    const [, first, second] = within(
      screen.getByRole('table', { name: 'Waivers' }),
    ).getAllByRole('row');
    expect(within(first).getByText(runbook.title)).toBeInTheDocument();
    expect(
      within(first).getByText('Reason 1, long enough'),
    ).toBeInTheDocument();
    expect(
      within(first).getByText('user:default/reviewer'),
    ).toBeInTheDocument();
    expect(
      within(first).queryByText('ended: no longer applies'),
    ).not.toBeInTheDocument();
    expect(
      within(first).getByRole('button', { name: `Remove ${runbook.id}` }),
    ).toBeInTheDocument();
    // A rule that left the rule set is named by its id.
    expect(
      within(second).getByText('a-rule-no-longer-in-the-set'),
    ).toBeInTheDocument();
    expect(
      within(second).getByText('ended: no longer applies'),
    ).toBeInTheDocument();
  });
});
