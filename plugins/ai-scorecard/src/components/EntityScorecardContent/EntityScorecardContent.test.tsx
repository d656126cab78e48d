import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { SWRConfig } from 'swr';
import { aiScorecardApiRef } from '../../api';
import { chatService, scorecardApi } from '../../__testUtils__/scorecardApi';
import { EntityScorecardContent } from './EntityScorecardContent';
import { validateWaiver } from './WaiverDialog';

const entity = {
  ...chatService,
  metadata: { ...chatService.metadata, title: 'Chat assistant' },
};

const RUNBOOK = 'A runbook is linked';

function render(
  api: ReturnType<typeof scorecardApi>,
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [aiScorecardApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      {/* usePermission caches decisions in SWR: one cache per test */}
      <SWRConfig value={{ provider: () => new Map() }}>
        <EntityProvider entity={entity}>
          <EntityScorecardContent />
        </EntityProvider>
      </SWRConfig>
    </TestApiProvider>,
  );
}

// These tests drive whole dialogs; on a busy two-core CI runner with every
// package's suite running in parallel they take several times longer than alone.
jest.setTimeout(30_000);

describe('EntityScorecardContent', () => {
  it('lists the rules that need attention with their evidence, and every rule on request', async () => {
    await render(scorecardApi(entity));
    expect(await screen.findByText('Rules')).toBeInTheDocument();
    const rows = () => screen.getAllByRole('row');
    const attention = rows().length;
    // evidence names the fact, the path, the comparison and where it came from
    expect(
      screen.getAllByText(/^catalog\.entity metadata\.annotations/).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/from catalog:component:default\/chat, read/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('Pass')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'All rules' }));
    expect(rows().length).toBeGreaterThan(attention);
    expect(screen.getAllByText('Not applicable').length).toBeGreaterThan(0);
    expect(
      screen.getAllByText('Does not apply to this entity').length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText('The last score of each day, 2026-11-25 to 2026-11-27.'),
    ).toBeInTheDocument();
    // The chart's text alternative says what it shows.
    expect(
      screen.getByRole('img', {
        name: 'Score per day, 2026-11-25 to 2026-11-27: 1.6 (Incomplete) on the last day, between 1.6 and 55.',
      }),
    ).toBeInTheDocument();
  });

  it('waives a failing rule with a reason and an end, which takes it out of the score, and removes the waiver again', async () => {
    const api = scorecardApi(entity);
    const before = (await api.getScorecard(null as any))!.scorecard;
    await render(api);
    const row = (await screen.findByText(RUNBOOK)).closest('tr')!;
    expect(within(row).getByText('Fail')).toBeInTheDocument();
    await userEvent.click(within(row).getByRole('button', { name: 'Waive' }));

    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'soon');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Waive rule' }),
    );
    expect(
      within(dialog).getByText('Say why, in at least 10 characters'),
    ).toBeInTheDocument();
    expect(api.waivers).toHaveLength(0);

    // paste the long text: typing it key by key re-renders the dialog 47 times
    await userEvent.click(within(dialog).getByLabelText(/Reason/));
    await userEvent.paste(': the runbook moves to the new wiki in December');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Waive rule' }),
    );
    await waitFor(() => expect(api.waivers).toHaveLength(1));
    expect(api.waivers[0]).toMatchObject({
      entityRef: 'component:default/chat',
      ruleId: 'on-call-incidents.runbook',
      reason: 'soon: the runbook moves to the new wiki in December',
    });
    expect(api.waivers[0].expiresAt).toMatch(/^\d{4}-\d\d-\d\dT23:59:59Z$/);

    const waived = (await screen.findAllByText(RUNBOOK))[0].closest('tr')!;
    expect(within(waived).getByText('Waived')).toBeInTheDocument();
    expect(
      within(waived).getByText(/Waived by user:default\/guest until/),
    ).toBeInTheDocument();
    const after = (await api.getScorecard(null as any))!.scorecard;
    // Out of the score's reckoning: the rule no longer weighs on it (with
    // this little evidence the score moves by less than its rounding).
    expect(
      after.results.find(r => r.ruleId === 'on-call-incidents.runbook')?.status,
    ).toBe('waived');
    expect(after.score).toBeGreaterThanOrEqual(before.score!);
    expect(screen.getByText(`${after.score} / 100 so far`)).toBeInTheDocument();

    const waivers = screen.getByRole('table', { name: 'Waivers' });
    await userEvent.click(
      within(waivers).getByRole('button', {
        name: 'Remove the waiver of on-call-incidents.runbook',
      }),
    );
    await waitFor(() => expect(api.waivers).toHaveLength(0));
    expect(
      await screen.findByText('No waivers.', { exact: false }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(`${before.score} / 100 so far`),
    ).toBeInTheDocument();
  });

  it('shows why the back end refused a waiver, in the dialog', async () => {
    await render(
      scorecardApi(entity, {
        waiverError: 'You may not create scorecard waivers',
      }),
    );
    const row = (await screen.findByText(RUNBOOK)).closest('tr')!;
    await userEvent.click(within(row).getByRole('button', { name: 'Waive' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByLabelText(/Reason/));
    await userEvent.paste('The runbook is being rewritten');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Waive rule' }),
    );
    expect(
      await within(dialog).findByText('You may not create scorecard waivers'),
    ).toBeInTheDocument();
  });

  it('offers no waiver controls without the permission', async () => {
    await render(scorecardApi(entity), AuthorizeResult.DENY);
    expect(await screen.findByText(RUNBOOK)).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Waive' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText(/You may not create waivers/)).toBeInTheDocument();
  });

  it('offers to grade an entity that has not been graded', async () => {
    const api = scorecardApi(entity, { graded: false });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Grade now' }),
    );
    expect(await screen.findByText('Rules')).toBeInTheDocument();
  });
});

describe('validateWaiver', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  it('names the field at fault', () => {
    expect(validateWaiver({ reason: 'x', expires: '2026-12-01' }, now)).toEqual(
      {
        reason: 'Say why, in at least 10 characters',
      },
    );
    expect(
      validateWaiver({ reason: 'a good reason', expires: '2026-11-26' }, now),
    ).toEqual({ expires: 'The waiver must end in the future' });
    expect(
      validateWaiver({ reason: 'a good reason', expires: '2027-12-31' }, now),
    ).toEqual({ expires: 'A waiver lasts at most 366 days' });
    expect(
      validateWaiver({ reason: 'a good reason', expires: '' }, now),
    ).toEqual({
      expires: 'Pick the day the waiver ends',
    });
    expect(
      validateWaiver({ reason: 'a good reason', expires: '2026-11-27' }, now),
    ).toEqual({});
  });
});
