import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { translationApiRef } from '@backstage/core-plugin-api/alpha';
import { markingTranslationApi } from '@internal/test-kit/react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SWRConfig } from 'swr';
import { ReactNode } from 'react';
import { aiScorecardApiRef } from './api';
import { chatService, scorecardApi } from './__testUtils__/scorecardApi';
import { EntityScorecardCard } from './components/EntityScorecardCard';
import { EntityScorecardContent } from './components/EntityScorecardContent';
import { ArchitectureReviewPage } from './components/ArchitectureReviewPage';

// Whole pages and a dialog; slow on a busy CI runner.
jest.setTimeout(30_000);

const entity = {
  ...chatService,
  metadata: { ...chatService.metadata, title: 'Chat assistant' },
};

function render(api: ReturnType<typeof scorecardApi>, children: ReactNode) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [translationApiRef, markingTranslationApi()],
        [aiScorecardApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ]}
    >
      <SWRConfig value={{ provider: () => new Map() }}>
        <EntityProvider entity={entity}>{children}</EntityProvider>
      </SWRConfig>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const expectMarked = (texts: (string | RegExp)[]) => {
  for (const text of texts) {
    expect(screen.getAllByText(text).length).toBeGreaterThan(0);
  }
};

describe('the scorecard’s words', () => {
  it('come from the translation ref on the card and the Scorecard tab, so an organisation can translate or reword them', async () => {
    const api = scorecardApi(entity);
    const { scorecard } = (await api.getScorecard(null as any))!;
    await render(
      api,
      <>
        <EntityScorecardCard />
        <EntityScorecardContent />
      </>,
    );
    expect(
      (await screen.findAllByText('⟦Architecture scorecard⟧')).length,
    ).toBeGreaterThan(0);
    expect(await screen.findByText('⟦Rules⟧')).toBeInTheDocument();
    expectMarked([
      '⟦Failing rules⟧',
      `⟦${scorecard.score} / 100 so far⟧`,
      /^⟦Evidence decided [\d.]+ % of the applicable rules' weight; a grade needs 75 %/,
      /^⟦Coverage [\d.]+ % · \d+ passed · \d+ failed · \d+ unknown · \d+ waived⟧$/,
      '⟦Grade⟧',
      '⟦Score over the last 90 days⟧',
      '⟦The last score of each day, 2026-11-25 to 2026-11-27.⟧',
      '⟦Waivers⟧',
      '⟦No waivers. Waive a failing or unknown rule from the list above.⟧',
      '⟦Fail⟧',
      '⟦Result⟧',
      '⟦Evidence⟧',
      /^⟦from catalog:component:default\/chat, read /,
      /^⟦Rule set \S+: \d+ rules over 8 chapters\.⟧$/,
    ]);
    expect(
      screen.getAllByText('⟦A runbook is linked (⟦high⟧)⟧').length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByRole('link', {
        name: '⟦Fix it with the llm-serving golden path⟧',
      }).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByRole('button', { name: '⟦Needs attention⟧' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: '⟦Which rules to show⟧' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('img', {
        name: '⟦RAG infrastructure: ⟦not scored⟧⟧',
      }).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByLabelText('⟦grade ⟦Incomplete⟧⟧').length,
    ).toBeGreaterThan(0);

    // the evidence: the comparison, with the fact in a code span
    const rules = screen.getByRole('table', {
      name: '⟦On-call and incidents rules⟧',
    });
    const row = within(rules).getByText('A runbook is linked').closest('tr')!;
    expect(row.textContent).toMatch(
      /⟦on-call-incidents\.runbook · ⟦high⟧ · weight \d+⟧/,
    );
    expect(row.textContent).toMatch(/⟦catalog\.entity .+ ⟦is present⟧: ⟦fail⟧/);

    // none of it unmarked
    for (const text of [
      'Architecture scorecard',
      'Rules',
      'Waivers',
      'Fail',
      'Grade now',
    ]) {
      expect(screen.queryByText(text)).not.toBeInTheDocument();
    }

    // the waiver dialog and what it says about the form
    await userEvent.click(within(row).getByRole('button', { name: '⟦Waive⟧' }));
    const dialog = await screen.findByRole('dialog', {
      name: '⟦Waive “A runbook is linked”⟧',
    });
    expect(within(dialog).getByLabelText(/⟦Reason⟧/)).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: '⟦Waive rule⟧' }),
    );
    expect(
      within(dialog).getByText('⟦Say why, in at least 10 characters⟧'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        '⟦The waiver stops applying by itself after this day (UTC); at most 366 days⟧',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: '⟦Cancel⟧' }),
    ).toBeInTheDocument();
  });

  it('come from the translation ref on the Architecture review page, so an organisation can translate or reword them', async () => {
    const api = scorecardApi(entity);
    const { scorecard } = (await api.getScorecard(null as any))!;
    await render(
      {
        ...api,
        getOverview: async () => ({
          items: [
            {
              entityRef: 'component:default/chat',
              kind: 'Component',
              title: 'Chat assistant',
              owner: 'group:default/ml',
              system: null,
              score: scorecard.score,
              coverage: scorecard.coverage,
              grade: scorecard.grade,
              chapters: Object.fromEntries(
                scorecard.chapters.map(c => [c.chapter, c.grade]),
              ) as any,
              computedAt: '2026-11-27T10:00:00Z',
            },
          ],
          total: 1,
        }),
        getDistribution: async () => ({ overall: { F: 1 } } as any),
        getUnregisteredModelServers: async () => ({
          servers: [
            {
              source: 'kubernetes',
              cluster: 'prod-eu',
              demo: true,
              namespace: 'ml',
              kind: 'Deployment',
              name: 'legacy-summariser',
              runtime: 'tgi',
              image: null,
              kubernetesId: null,
              model: null,
            },
          ],
          unreadable: ['cluster prod-us: 401 Unauthorized'],
          sources: ['kubernetes'],
          hidden: 2,
          readAt: '2026-11-27T10:00:00Z',
        }),
      },
      <ArchitectureReviewPage />,
    );
    expect(
      await screen.findByText('⟦Graded entities (1)⟧'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: '⟦Most failed rules⟧' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', {
        name: '⟦Unregistered model servers⟧',
      }),
    ).toBeInTheDocument();
    expectMarked([
      '⟦Architecture review⟧',
      '⟦Grades⟧',
      '⟦Worst offenders⟧',
      '⟦Overall⟧',
      '⟦Not graded⟧',
      '⟦Coverage⟧',
      '⟦Kind⟧',
      '⟦Fixed by⟧',
      '⟦llm-serving golden path⟧',
      '⟦demo data⟧',
      '⟦Not searched: cluster prod-us: 401 Unauthorized⟧',
      /^⟦2 more are not shown/,
      new RegExp(
        `^⟦${scorecard.score} \\(coverage ${scorecard.coverage} %\\)⟧$`,
      ),
    ]);
    expect(
      screen.getByRole('table', { name: '⟦Grade distribution per chapter⟧' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: '⟦Export CSV⟧' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: '⟦List the 1 entities failing on-call-incidents.runbook⟧',
      }),
    ).toBeInTheDocument();
    for (const text of [
      'Worst offenders',
      'Most failed rules',
      'Graded entities (1)',
      'Unregistered model servers',
    ]) {
      expect(screen.queryByText(text)).not.toBeInTheDocument();
    }

    // the register dialog, its steps and links included
    await userEvent.click(
      screen.getByRole('button', { name: '⟦Register legacy-summariser⟧' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('⟦Register legacy-summariser (prod-eu/ml)⟧'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('link', {
        name: '⟦Register it in the catalog⟧',
      }),
    ).toHaveAttribute('href', '/catalog-import');
    expect(dialog.textContent).toContain(
      '⟦2. Commit this catalog-info.yaml next to the service',
    );
    expect(
      within(dialog).getByRole('button', { name: '⟦Close⟧' }),
    ).toBeInTheDocument();
  });
});
