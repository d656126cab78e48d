import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  CHAPTERS,
  ChapterId,
  ScorecardSummary,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { AiScorecardApi, aiScorecardApiRef, OverviewQuery } from '../../api';
import { chatService, scorecardApi } from '../../__testUtils__/scorecardApi';
import { ArchitectureReviewPage } from './ArchitectureReviewPage';
import { GradeDistribution } from './GradeDistribution';
import { ScorecardTable } from './ScorecardTable';
import { WorstOffenders } from './WorstOffenders';

/** 45 graded entities, scores 1 to 45, as the overview pages them. */
const fleet: ScorecardSummary[] = Array.from({ length: 45 }, (_, i) => ({
  entityRef: `component:default/service-${i + 1}`,
  kind: 'component',
  title: `Service ${i + 1}`,
  owner: 'group:default/ml',
  system: null,
  score: i + 1,
  coverage: i === 0 ? 40 : 100,
  grade: i === 0 ? 'Incomplete' : 'F',
  chapters: Object.fromEntries(CHAPTERS.map(c => [c.id, 'F'])) as Record<
    ChapterId,
    'F'
  >,
  computedAt: '2026-11-27T10:00:00Z',
}));

function api(): AiScorecardApi & { queries: OverviewQuery[] } {
  const queries: OverviewQuery[] = [];
  return {
    ...scorecardApi(chatService),
    queries,
    getOverview: async query => {
      queries.push(query);
      const size = query.pageSize ?? 20;
      const start = ((query.page ?? 1) - 1) * size;
      const selected = fleet.filter(r => !query.kind || r.kind === query.kind);
      return {
        items: selected.slice(start, start + size),
        total: selected.length,
      };
    },
    getDistribution: async query =>
      ({
        overall: query.kind === 'aimodel' ? {} : { F: 44, Incomplete: 1 },
        'serving-runtime': { A: 3, none: 42 },
      } as any),
  };
}

const render = (a: AiScorecardApi, element: JSX.Element) =>
  renderInTestApp(
    <TestApiProvider apis={[[aiScorecardApiRef, a]]}>
      {element}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

// The page's table (material-table) renders slowly in jsdom, and slower on
// a busy two-core runner.
jest.setTimeout(30_000);

describe('GradeDistribution', () => {
  it('counts the entities of each grade, overall and per chapter, zero where none', async () => {
    await render(api(), <GradeDistribution />);
    const table = await screen.findByRole('table', {
      name: 'Grade distribution per chapter',
    });
    const cells = (name: string) =>
      [
        ...within(table)
          .getByText(name, { exact: false })
          .closest('tr')!
          .querySelectorAll('td'),
      ]
        .slice(1)
        .map(c => c.textContent);
    expect(cells('Overall')).toEqual(['0', '0', '0', '0', '44', '1', '0']);
    expect(cells('Serving')).toEqual(['3', '0', '0', '0', '0', '0', '42']);
  });
});

describe('WorstOffenders', () => {
  it('lists the five lowest scores, with the coverage of an incomplete grade', async () => {
    const a = api();
    await render(a, <WorstOffenders kind="component" />);
    expect(await screen.findByText('Service 1')).toBeInTheDocument();
    expect(screen.getByText('1 (coverage 40 %)')).toBeInTheDocument();
    expect(screen.getByText('Service 5')).toBeInTheDocument();
    expect(screen.queryByText('Service 6')).not.toBeInTheDocument();
    expect(a.queries).toEqual([
      { kind: 'component', pageSize: 5, sort: 'score', order: 'asc' },
    ]);
  });
});

describe('ScorecardTable', () => {
  it('pages through the entities the filters select, lowest score first', async () => {
    const a = api();
    await render(a, <ScorecardTable filters={{ grade: 'F' }} />);
    expect(await screen.findByText('Graded entities (45)')).toBeInTheDocument();
    expect(await screen.findByText('Service 20')).toBeInTheDocument();
    await userEvent.click(
      screen.getAllByRole('button', { name: 'Next Page' })[0],
    );
    expect(await screen.findByText('Service 21')).toBeInTheDocument();
    expect(a.queries.at(-1)).toEqual({
      grade: 'F',
      page: 2,
      pageSize: 20,
      sort: 'score',
      order: 'asc',
    });
  });
});

describe('ArchitectureReviewPage', () => {
  it('narrows every card to the kind chosen, and starts the table again at its first page', async () => {
    const a = api();
    await render(a, <ArchitectureReviewPage />);
    await userEvent.click(
      (
        await screen.findAllByRole('button', { name: 'Next Page' })
      )[0],
    );
    expect(await screen.findByText('Service 21')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Kind'));
    await userEvent.click(screen.getByRole('option', { name: 'AIModel' }));
    await waitFor(() =>
      expect(a.queries).toContainEqual({
        kind: 'aimodel',
        page: 1,
        pageSize: 20,
        sort: 'score',
        order: 'asc',
      }),
    );
    expect(a.queries).toContainEqual({
      kind: 'aimodel',
      pageSize: 5,
      sort: 'score',
      order: 'asc',
    });
    expect(await screen.findByText('Graded entities (0)')).toBeInTheDocument();
    expect(a.queries).not.toContainEqual(
      expect.objectContaining({ kind: 'aimodel', page: 2 }),
    );
  });
});
