import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { translationApiRef } from '@backstage/core-plugin-api/alpha';
import { markingTranslationApi } from '@internal/test-kit/react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import {
  CostResponse,
  SloReport,
  SloResponse,
  TeamCostResponse,
} from '@ai-refarch/plugin-ai-ops-common';
import { AiOpsApi, aiOpsApiRef } from '../api';
import { EntitySloCard } from './EntitySloCard';
import { EntityCostCard } from './EntityCostCard';
import { EntityTeamCostCard } from './EntityTeamCostCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'chat', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/ml' },
};
const source = { id: 'demo', title: 'Demo Prometheus', demo: true };

const slo: SloReport = {
  name: 'ttft',
  displayName: 'Time to first token',
  indicator: 'ttft',
  runtime: 'vllm',
  window: '7d',
  target: 0.95,
  threshold: 0.5,
  current: 0.9,
  attainment: 0.9612,
  errorBudgetRemaining: 0.224,
  good: 961,
  total: 1000,
  unit: 'requests',
  alerts: [
    {
      severity: 'page',
      factor: 14.4,
      long: '1h',
      short: '5m',
      longRate: 2,
      shortRate: 20,
      firing: false,
    },
  ],
  status: 'ok',
  daily: [{ day: '2026-11-27', sli: 0.96, budgetRemaining: 0.22 }],
  windowCounts: { window: '1d', good: 990, total: 1000, sli: 0.99 },
};

async function render(api: Partial<AiOpsApi>, card: JSX.Element) {
  return await renderInTestApp(
    <TestApiProvider apis={[[aiOpsApiRef, api as AiOpsApi]]}>
      <EntityProvider entity={entity}>{card}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

async function unavailable(): Promise<never> {
  throw await ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'ServiceUnavailableError',
          message:
            'Prometheus data source main (http://prom:9090) is unreachable: ECONNREFUSED',
        },
        response: { statusCode: 503 },
      }),
      { status: 503, headers: { 'content-type': 'application/json' } },
    ),
  );
}

describe('EntitySloCard', () => {
  it('shows each SLO in words with attainment, budget and status, and says the data is demo data', async () => {
    const response: SloResponse = {
      status: 'ok',
      entityRef: 'component:default/chat',
      source,
      slos: [slo],
      latency: [
        {
          indicator: 'ttft',
          metric: 'trt_ttft_ms',
          state: 'ok',
          windows: [
            { window: '1h', p50: 0.147, p95: 0.4773, p99: 1.2 },
            { window: '1d', p50: 0.15, p95: null, p99: null },
          ],
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        },
        {
          indicator: 'inter-token-latency',
          metric: null,
          state: 'no-histogram',
          reason: 'triton exports no inter-token latency histogram',
          windows: [],
          buckets: [],
        },
      ],
      problems: [{ field: 'spec.slos[1]', message: 'x: no bucket at 0.3' }],
      computedAt: '2026-11-27T10:00:00Z',
    };
    const getSlos = jest.fn(async () => response);
    await render({ getSlos }, <EntitySloCard />);
    expect(
      await screen.findByText(
        '95.0 % of requests get a first token within 500 ms',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('96.12 %')).toBeInTheDocument();
    // Each SLI over the window picked too: the last day by default.
    expect(
      within(screen.getByRole('table', { name: 'SLOs' }))
        .getAllByRole('row')
        .map(r => r.textContent),
    ).toEqual([
      'SLOLast dayAttainedBudget leftStatus',
      expect.stringMatching(
        /^Time to first token.*99\.00 %990 of 1,00096\.12 %22 %Within budget$/,
      ),
    ]);
    expect(getSlos).toHaveBeenLastCalledWith(
      { kind: 'Component', namespace: 'default', name: 'chat' },
      '1d',
    );
    await userEvent.click(screen.getByRole('button', { name: /Last day/ }));
    await userEvent.click(screen.getByRole('option', { name: 'Last 7 days' }));
    expect(getSlos).toHaveBeenLastCalledWith(
      { kind: 'Component', namespace: 'default', name: 'chat' },
      '7d',
    );
    expect(screen.getByText('22 %')).toBeInTheDocument();
    expect(screen.getByText('Within budget')).toBeInTheDocument();
    expect(screen.getByText('Demo data')).toBeInTheDocument();
    // The charts' text alternatives say what they show.
    expect(
      screen.getByRole('img', {
        name: 'Error budget left per day, 11-27 to 11-27: 22 % on the last day, 22 % at the lowest.',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'SLI per day, 11-27 to 11-27, against the target of 95 %: below it on 0 of 1 days, 96 % at the lowest.',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('page at 14.4× over 1h and 5m'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('spec.slos[1]: x: no bucket at 0.3'),
    ).toBeInTheDocument();
    // Latency as percentiles, milliseconds under a second; a histogram the
    // runtime does not export is said, not shown as missing data.
    const latency = screen.getByRole('table', { name: 'Latency percentiles' });
    const hour = within(latency)
      .getByText('Time to first token, last hour')
      .closest('tr')!;
    expect(
      within(hour)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['Time to first token, last hour', '147 ms', '477 ms', '1.20 s']);
    const day = within(latency)
      .getByText('Time to first token, last day')
      .closest('tr')!;
    expect(within(day).getAllByText('–')).toHaveLength(2);
    expect(
      within(latency).getByText(
        /Not exported: triton exports no inter-token latency histogram/,
      ),
    ).toBeInTheDocument();
    // The bounds around the figures say how exact they are.
    expect(screen.getByText(/Time to first token from/).textContent).toMatch(
      /^Time to first token from trt_ttft_ms, interpolated within its bucket bounds in seconds \(…, 0\.1, 0\.25, 0\.5, 1, 2\.5, …\): each/,
    );
  });

  it.each(['not-configured', 'no-slos'] as const)(
    'says what to do when the answer is %s',
    async status => {
      await render(
        {
          getSlos: async () => ({
            status,
            entityRef: 'component:default/chat',
            message: `the ${status} message`,
          }),
        },
        <EntitySloCard />,
      );
      expect(
        await screen.findByText(`the ${status} message`),
      ).toBeInTheDocument();
    },
  );

  it('says Prometheus is unreachable, with the back end’s reason, and tries again', async () => {
    const getSlos = jest.fn(unavailable);
    await render({ getSlos }, <EntitySloCard />);
    expect(
      await screen.findByText('Error: Prometheus unreachable'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/is unreachable: ECONNREFUSED/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(getSlos).toHaveBeenCalledTimes(2);
  });
});

const cost: CostResponse = {
  status: 'ok',
  entityRef: 'component:default/chat',
  source: { ...source, demo: false },
  computedAt: '2026-11-27T10:00:00Z',
  cost: {
    currency: 'USD',
    window: '30d',
    windowDays: 30,
    total: 1623.4,
    selfHosted: {
      gpuHours: { onDemand: 1440, spot: 1428 },
      cost: { onDemand: 1166.4, spot: 457 },
      onDemandEquivalent: 2323,
      spotSavings: 700,
      unpriced: ['nvidia-b200'],
      idle: { utilisation: 0.56, gpuHours: 1260, cost: 721 },
      events: [
        {
          at: '2026-11-16T10:00:00.000Z',
          kind: 'spot-interruption',
          namespace: 'serving',
          pod: 'chat-b',
          node: 'gpu-spot-1',
          capacity: 'spot',
        },
        {
          at: '2026-11-16T16:15:00.000Z',
          kind: 'started',
          namespace: 'serving',
          pod: 'chat-c',
          node: 'gpu-spot-2',
          capacity: 'spot',
        },
      ],
    },
    selfHostedMissing: null,
    hosted: null,
    attributed: null,
    attributedMissing: [],
    tokens: { input: 2e9, output: 4e8 },
    costPer1MTokens: 0.67,
    perDirection: {
      inputCost: 1000,
      outputCost: 623.4,
      inputPer1MTokens: 0.5,
      outputPer1MTokens: 1.5585,
    },
    perDirectionMissing: null,
    hostedAlternatives: [],
    tokensPerHour: 3.33e6,
    requestsPerHour: null,
    withinSlo: [
      {
        slo: 'ttft',
        displayName: 'Time to first token',
        indicator: 'ttft',
        share: 0.8,
        tokens: 1.92e9,
        costPer1MTokens: 0.8455,
      },
      {
        slo: 'inter-token',
        displayName: 'Inter-token latency',
        indicator: 'inter-token-latency',
        share: null,
        tokens: null,
        costPer1MTokens: null,
        reason: 'no requests in the window',
      },
    ],
    tenants: [
      {
        tenant: 'acme',
        tokens: 1.2e9,
        inputTokens: 1e9,
        outputTokens: 2e8,
        share: 0.5,
        cost: 812,
      },
      {
        tenant: 'globex',
        tokens: 1.2e9,
        inputTokens: 1e9,
        outputTokens: 2e8,
        share: 0.5,
        cost: 811,
      },
    ],
    daily: [
      { day: '2026-11-27', total: 54, byTenant: { acme: 27, globex: 27 } },
    ],
    budget: {
      amount: 1500,
      monthToDate: 1451,
      projectedMonthEnd: 1612,
      status: 'at-risk',
    },
  },
};

describe('EntityCostCard', () => {
  it('shows total, per-token cost, GPU-hours, spot savings, idle waste, budget and tenants', async () => {
    const getCost = jest.fn(async () => cost);
    await render({ getCost }, <EntityCostCard />);
    expect(await screen.findByText('$1,623')).toBeInTheDocument();
    // The daily chart's text alternative.
    expect(
      screen.getByRole('img', {
        name: 'Daily cost, 2026-11-27 to 2026-11-27: $54.00 at the highest, on 2026-11-27; $54.00 on the last day.',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('$0.67')).toBeInTheDocument();
    expect(screen.getByText('$0.50 in · $1.56 out')).toBeInTheDocument();
    expect(
      screen.getByText('Per 1M input · output tokens'),
    ).toBeInTheDocument();
    const withinSlo = within(
      screen.getByRole('table', { name: 'Cost per 1M tokens within each SLO' }),
    ).getAllByRole('row');
    expect(withinSlo.map(r => r.textContent)).toEqual([
      'SLORequests within itTokens within itPer 1M tokens within it',
      'Time to first token80.0 %1.92B$0.85',
      'Inter-token latency––no requests in the window',
    ]);
    expect(screen.getByText('1440 on demand · 1428 spot')).toBeInTheDocument();
    expect(screen.getByText('$700')).toBeInTheDocument();
    expect(screen.getByText('56 % average utilisation')).toBeInTheDocument();
    expect(screen.getByText('At risk')).toBeInTheDocument();
    expect(
      screen.getByRole('meter', { name: 'Budget used this month' }),
    ).toHaveAttribute('aria-valuenow', '97');
    const tenantRows = within(
      screen.getByRole('table', { name: 'Cost by tenant' }),
    ).getAllByRole('row');
    expect(tenantRows.map(r => r.textContent)).toEqual([
      'TenantInput tokensOutput tokensTokensShare of tokensCost',
      'acme1.00B200.0M1.20B50.0 %$812',
      'globex1.00B200.0M1.20B50.0 %$811',
    ]);
    expect(
      screen.getByText(/No price for GPU type nvidia-b200/),
    ).toBeInTheDocument();
    const events = within(
      screen.getByRole('table', { name: 'GPU pods started and stopped' }),
    ).getAllByRole('row');
    expect(events.map(r => r.textContent)).toEqual([
      'When (UTC)EventPodNode',
      '2026-11-16 10:00Spot interruption (the pod left with its node)serving/chat-bgpu-spot-1 (spot)',
      '2026-11-16 16:15Pod startedserving/chat-cgpu-spot-2 (spot)',
    ]);
    expect(screen.queryByText('Demo data')).not.toBeInTheDocument();
    expect(getCost).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'chat' },
      '30d',
    );
  });

  it('asks for the window picked: the last hour, day, 7, 28 or 30 days, or this month', async () => {
    const getCost = jest.fn(async () => cost);
    await render({ getCost }, <EntityCostCard />);
    expect(await screen.findByText(/last 30 days/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Last 30 days/ }));
    const options = screen.getAllByRole('option').map(o => o.textContent);
    expect(options).toEqual([
      'Last hour',
      'Last day',
      'Last 7 days',
      'Last 28 days',
      'Last 30 days',
      'This month',
    ]);
    await userEvent.click(screen.getByRole('option', { name: 'This month' }));
    expect(getCost).toHaveBeenLastCalledWith(
      { kind: 'Component', namespace: 'default', name: 'chat' },
      'month',
    );
    expect(await screen.findByText(/this month/)).toBeInTheDocument();
  });

  it('counts thousands of millions of tokens in B, as the team card does (was: 3544.5M tokens)', async () => {
    const busy = {
      ...cost,
      cost: {
        ...cost.cost,
        tokens: { input: 2_500_000_000, output: 1_044_500_000 },
      },
    } as CostResponse;
    await render({ getCost: async () => busy }, <EntityCostCard />);
    expect(await screen.findByText('3.54B tokens')).toBeInTheDocument();
    expect(screen.queryByText(/3544\.5M/)).not.toBeInTheDocument();
  });

  it('says the GPU cost is missing instead of showing $0 and on budget', async () => {
    const missing = {
      ...cost,
      cost: {
        ...cost.cost,
        total: 0,
        selfHosted: null,
        selfHostedMissing:
          'no GPU requests match pods whose kube_pod_labels has label_backstage_io_kubernetes_id="chat" in the last 30 days',
        daily: [{ day: '2026-11-27', total: 0, byTenant: {} }],
        budget: {
          amount: 1500,
          monthToDate: 0,
          projectedMonthEnd: 0,
          status: 'unknown' as const,
        },
      },
    } as CostResponse;
    await render({ getCost: async () => missing }, <EntityCostCard />);
    expect(await screen.findByTestId('self-hosted-missing')).toHaveTextContent(
      /The total leaves out this entity's GPUs: no GPU requests match pods/,
    );
    expect(screen.getByText('without GPU cost')).toBeInTheDocument();
    expect(screen.getByText('Unknown')).toBeInTheDocument();
    expect(screen.queryByText('On budget')).not.toBeInTheDocument();
    expect(screen.getByText(/Month to date at least \$0/)).toBeInTheDocument();
  });

  it('shows the share of the self-hosted models a service calls, and what it could not share out', async () => {
    const caller = {
      ...cost,
      entityRef: 'component:default/rag',
      cost: {
        ...cost.cost,
        total: 125.5,
        selfHosted: null,
        tenants: [],
        attributed: {
          cost: 125.5,
          byModel: [
            {
              model: 'llama',
              entityRef: 'aimodel:default/llama',
              servedBy: ['component:default/vllm-chat'],
              inputTokens: 3e6,
              outputTokens: 1e6,
              share: 0.25,
              cost: 125.5,
            },
          ],
        },
        attributedMissing: [
          'no Component in the catalog serves aimodel:default/bge (ai-refarch.io/serves-models), so there is no GPU cost to share out',
        ],
        budget: {
          amount: 500,
          monthToDate: 100,
          projectedMonthEnd: 125.5,
          status: 'unknown' as const,
        },
      },
    } as CostResponse;
    await render({ getCost: async () => caller }, <EntityCostCard />);
    expect(await screen.findByTestId('attributed-missing')).toHaveTextContent(
      'The total leaves out part of the self-hosted models this entity calls: no Component in the catalog serves aimodel:default/bge',
    );
    const rows = within(
      screen.getByRole('table', { name: 'Share of self-hosted models' }),
    ).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'Self-hosted modelServed byTokens of its callsShare of served tokensCost',
      'llamavllm-chat4.0M25.0 %$126',
    ]);
    expect(screen.getByRole('link', { name: 'llama' })).toHaveAttribute(
      'href',
      '/catalog/default/aimodel/llama',
    );
    expect(screen.getByText('Unknown')).toBeInTheDocument();
  });

  it('sets a self-hosted model against the hosted models of its type, with the break-even token and request rates', async () => {
    const modelCost = {
      ...cost.cost,
      tokensPerHour: 2.5e6,
      hostedAlternatives: [
        {
          model: 'gpt-4o',
          entityRef: 'aimodel:default/gpt-4o',
          cost: 7300,
          costPer1MTokens: 4.06,
          breakEvenTokensPerHour: 4e5,
          breakEvenRequestsPerHour: 500,
        },
      ],
    };
    const model = {
      ...cost,
      entityRef: 'aimodel:default/llama',
      cost: modelCost,
    } as CostResponse;
    const { unmount } = await render(
      { getCost: async () => model },
      <EntityCostCard />,
    );
    expect(
      await screen.findByText(
        'This model served 2.5M tokens an hour in the window.',
      ),
    ).toBeInTheDocument();
    const rows = () =>
      within(
        screen.getByRole('table', {
          name: 'Self-hosting against hosted APIs',
        }),
      )
        .getAllByRole('row')
        .map(r => r.textContent);
    expect(rows()).toEqual([
      'Hosted model for the same workThese tokens would costPer 1M tokensSelf-hosting is cheaper above (tokens/hour)',
      'gpt-4o$7,300$4.06400,000',
    ]);
    unmount();
    // Where the runtime counted its requests, the break-even in requests too.
    await render(
      {
        getCost: async () =>
          ({
            ...model,
            cost: { ...modelCost, requestsPerHour: 3125 },
          } as CostResponse),
      },
      <EntityCostCard />,
    );
    expect(
      await screen.findByText(
        'This model served 2.5M tokens (3,125 requests) an hour in the window.',
      ),
    ).toBeInTheDocument();
    expect(rows()).toEqual([
      'Hosted model for the same workThese tokens would costPer 1M tokensSelf-hosting is cheaper above (tokens/hour)In requests/hour',
      'gpt-4o$7,300$4.06400,000500',
    ]);
  });

  it('lists hosted models with their input, cached input and output tokens', async () => {
    const gateway = {
      ...cost,
      cost: {
        ...cost.cost,
        selfHosted: null,
        hosted: {
          cost: 42,
          byModel: [
            {
              model: 'gpt-4o',
              entityRef: 'aimodel:default/gpt-4o',
              inputTokens: 4e6,
              cachedInputTokens: 1.6e6,
              outputTokens: 1e6,
              inputCost: 8,
              outputCost: 10,
              cost: 18,
            },
          ],
        },
      },
    } as CostResponse;
    await render({ getCost: async () => gateway }, <EntityCostCard />);
    const rows = within(
      await screen.findByRole('table', { name: 'Hosted API models' }),
    ).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'Hosted modelInput tokensof which cachedOutput tokensCost',
      'gpt-4o4.0M1.6M1.0M$18.00',
    ]);
  });

  it('says when Prometheus has no data for the entity', async () => {
    await render(
      {
        getCost: async () => ({
          status: 'no-data',
          entityRef: 'component:default/chat',
          message: 'Demo Prometheus has no GPU, token or hosted-API series',
        }),
      },
      <EntityCostCard />,
    );
    expect(
      await screen.findByText(
        'Demo Prometheus has no GPU, token or hosted-API series',
      ),
    ).toBeInTheDocument();
  });
});

describe('EntityTeamCostCard', () => {
  const team: TeamCostResponse = {
    status: 'ok',
    entityRef: 'group:default/ml',
    computedAt: '2026-12-07T00:00:00Z',
    cost: {
      currency: 'USD',
      window: '30d',
      complete: false,
      total: 1050,
      tokens: 4e6,
      costPer1MTokens: 262.5,
      models: [
        {
          entityRef: 'aimodel:default/llama',
          title: 'Llama 3.1 8B',
          status: 'ok',
          message: null,
          cost: 800,
          tokens: 2e6,
          withinSlo: [],
        },
        {
          entityRef: 'aimodel:default/mistral',
          title: 'Mistral 7B',
          status: 'incomplete',
          message:
            'no Component in the catalog serves aimodel:default/mistral (ai-refarch.io/serves-models), so there is no GPU cost to share out',
          cost: 250,
          tokens: 2e6,
          withinSlo: [],
        },
        {
          entityRef: 'aimodel:default/whisper',
          title: 'Whisper',
          status: 'no-data',
          message:
            'main has no GPU, token or hosted-API series for this entity',
          cost: null,
          tokens: null,
          withinSlo: [],
        },
      ],
      withinSlo: [
        {
          indicator: 'ttft',
          models: ['aimodel:default/llama'],
          cost: 800,
          tokens: 1.6e6,
          costPer1MTokens: 500,
          unmeasured: [
            {
              entityRef: 'aimodel:default/mistral',
              reason: 'Time to first token: no requests in the window',
            },
          ],
        },
      ],
    },
  };

  it('shows what the team’s models cost, within their SLOs, and which figures are incomplete', async () => {
    const getTeamCost = jest.fn(async () => team);
    await render({ getTeamCost }, <EntityTeamCostCard />);
    expect(
      await screen.findByText(
        'This team’s AI models (3) cost $1,050 for 4.0M tokens: $263 per 1M tokens.',
      ),
    ).toBeInTheDocument();
    expect(getTeamCost).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'chat' },
      '30d',
    );
    expect(screen.getByTestId('team-cost-incomplete')).toHaveTextContent(
      'The total is a lower bound',
    );
    const slos = screen.getByRole('table', {
      name: 'Cost per 1M tokens served within the SLOs, by indicator',
    });
    const row = within(slos).getAllByRole('row')[1];
    expect(
      within(row)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      'Time to first tokenNot measured: Mistral 7B (Time to first token: no requests in the window)',
      '1',
      '1.6M',
      '$800',
      '$500',
    ]);
    const models = screen.getByRole('table', { name: 'The team’s AI models' });
    expect(
      within(models)
        .getAllByRole('row')
        .slice(1)
        .map(r => within(r).getAllByRole('cell')[3].textContent),
    ).toEqual([
      'complete',
      'incompleteno Component in the catalog serves aimodel:default/mistral (ai-refarch.io/serves-models), so there is no GPU cost to share out',
      'no datamain has no GPU, token or hosted-API series for this entity',
    ]);
  });

  it('says none of the models has figures rather than showing $0', async () => {
    await render(
      {
        getTeamCost: async () => ({
          ...team,
          cost: {
            ...team.cost,
            total: null,
            tokens: null,
            costPer1MTokens: null,
            withinSlo: [],
            models: [team.cost.models[2]],
          },
        }),
      },
      <EntityTeamCostCard />,
    );
    expect(
      await screen.findByText(
        'None of this team’s AI models has cost figures in the window.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/\$0/)).not.toBeInTheDocument();
    expect(
      screen.queryByTestId('team-cost-incomplete'),
    ).not.toBeInTheDocument();
  });

  it('says when the team owns no AI models', async () => {
    await render(
      {
        getTeamCost: async () => ({
          status: 'no-models',
          entityRef: 'group:default/ml',
          message: 'group:default/ml owns no AIModel in the catalog',
        }),
      },
      <EntityTeamCostCard />,
    );
    expect(
      await screen.findByText('This team owns no AI models.'),
    ).toBeInTheDocument();
  });
});

describe('the cards’ words', () => {
  it('come from the translation ref, so an organisation can translate or reword them', async () => {
    const marked = markingTranslationApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [translationApiRef, marked],
          [
            aiOpsApiRef,
            {
              getSlos: async (): Promise<SloResponse> => ({
                status: 'ok',
                entityRef: 'component:default/chat',
                source,
                slos: [slo],
                latency: [],
                problems: [],
                computedAt: '2026-11-27T10:00:00Z',
              }),
              getCost: async () => cost,
            } as unknown as AiOpsApi,
          ],
        ]}
      >
        <EntityProvider entity={entity}>
          <EntitySloCard />
          <EntityCostCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect((await screen.findAllByText('⟦Cost⟧')).length).toBeGreaterThan(0);
    for (const text of [
      '⟦Service level objectives⟧',
      '⟦Total⟧',
      '⟦Spot savings⟧',
      '⟦At risk⟧',
      '⟦Within budget⟧',
      '⟦95.0 % of requests get a first token within 500 ms⟧',
      '⟦GPU pods started and stopped⟧',
    ]) {
      expect(screen.getAllByText(text).length).toBeGreaterThan(0);
    }
  });
});
