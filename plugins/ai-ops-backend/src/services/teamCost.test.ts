import { CostReport, CostResponse } from '@ai-refarch/plugin-ai-ops-common';
import { teamCostReport } from './teamCost';

/*
 * A team's figures from its models' cost reports, worked out by hand: the
 * costs and tokens add up, and per indicator the cost per 1M tokens within
 * the SLOs is over the models whose share was measured only.
 */

type Within = CostReport['withinSlo'][number];
const within = (
  indicator: Within['indicator'],
  share: number | null,
  tokens: number | null,
  reason?: string,
): Within => ({
  slo: `${indicator}-${share}`,
  displayName: `${indicator} SLO`,
  indicator,
  share,
  tokens,
  costPer1MTokens: null,
  ...(reason ? { reason } : {}),
});
const ok = (
  total: number,
  tokens: { input: number; output: number } | null,
  withinSlo: Within[],
): CostResponse =>
  ({
    status: 'ok',
    entityRef: 'x',
    source: { id: 'main', title: 'main', demo: false },
    computedAt: '2026-12-07T00:00:00Z',
    cost: {
      total,
      tokens,
      withinSlo,
      selfHostedMissing: null,
      attributedMissing: [],
    },
  } as unknown as CostResponse);

describe('teamCostReport', () => {
  it('adds up its models, and per indicator the tokens within their strictest SLO', () => {
    const report = teamCostReport('30d', 'USD', [
      {
        entityRef: 'aimodel:default/llama',
        title: 'Llama',
        // 800 $ for 2M tokens; 80 % of requests within the TTFT SLO
        response: ok(800, { input: 1.5e6, output: 0.5e6 }, [
          within('ttft', 0.8, 1.6e6),
          within('availability', 0.99, 1.98e6),
        ]),
      },
      {
        entityRef: 'aimodel:default/mistral',
        title: 'Mistral',
        // two TTFT SLOs: the stricter (fewer tokens within) counts
        response: ok(200, { input: 0.6e6, output: 0.4e6 }, [
          within('ttft', 0.9, 0.9e6),
          within('ttft', 0.5, 0.5e6),
        ]),
      },
      {
        entityRef: 'aimodel:default/gpt-4o',
        title: 'GPT-4o',
        // a TTFT SLO with no requests in the window: not measured
        response: ok(50, { input: 1e6, output: 0 }, [
          within('ttft', null, null, 'no requests in the window'),
        ]),
      },
      {
        entityRef: 'aimodel:default/whisper',
        title: 'Whisper',
        response: {
          status: 'no-data',
          entityRef: 'aimodel:default/whisper',
          message: 'main has no series for this entity',
        },
      },
    ]);
    // Whisper has no figures: the total leaves it out, and says so.
    expect(report.complete).toBe(false);
    expect(report.total).toBe(1050);
    expect(report.tokens).toBe(4e6);
    expect(report.costPer1MTokens).toBeCloseTo(262.5, 9);
    expect(report.models.map(m => [m.entityRef, m.status, m.cost])).toEqual([
      ['aimodel:default/llama', 'ok', 800],
      ['aimodel:default/mistral', 'ok', 200],
      ['aimodel:default/gpt-4o', 'ok', 50],
      ['aimodel:default/whisper', 'no-data', null],
    ]);
    expect(report.models[3].message).toBe('main has no series for this entity');
    expect(report.withinSlo).toEqual([
      {
        indicator: 'availability',
        models: ['aimodel:default/llama'],
        cost: 800,
        tokens: 1.98e6,
        costPer1MTokens: (800 / 1.98e6) * 1e6,
        unmeasured: [],
      },
      {
        indicator: 'ttft',
        models: ['aimodel:default/llama', 'aimodel:default/mistral'],
        cost: 1000,
        // 1.6M of Llama's and 0.5M of Mistral's
        tokens: 2.1e6,
        costPer1MTokens: (1000 / 2.1e6) * 1e6,
        unmeasured: [
          {
            entityRef: 'aimodel:default/gpt-4o',
            reason: 'ttft SLO: no requests in the window',
          },
        ],
      },
    ]);
  });

  it('marks a model whose servers could not be found as incomplete, and the team with it', () => {
    const partial = ok(120, { input: 1e6, output: 1e6 }, []);
    if (partial.status === 'ok') {
      partial.cost.attributedMissing = [
        'no Component in the catalog serves aimodel:default/llama (ai-refarch.io/serves-models), so there is no GPU cost to share out',
      ];
    }
    const report = teamCostReport('30d', 'USD', [
      { entityRef: 'aimodel:default/llama', title: 'Llama', response: partial },
      {
        entityRef: 'aimodel:default/gpt-4o',
        title: 'GPT-4o',
        response: ok(30, { input: 1e6, output: 0 }, []),
      },
    ]);
    expect(report.complete).toBe(false);
    expect(report.total).toBe(150);
    expect(report.models[0]).toMatchObject({
      status: 'incomplete',
      message:
        'no Component in the catalog serves aimodel:default/llama (ai-refarch.io/serves-models), so there is no GPU cost to share out',
    });
    expect(report.models[1]).toMatchObject({ status: 'ok', message: null });
  });

  it('says unknown, not $0, when no model has figures', () => {
    const report = teamCostReport('7d', 'USD', [
      {
        entityRef: 'aimodel:default/whisper',
        title: 'Whisper',
        response: {
          status: 'not-configured',
          entityRef: 'aimodel:default/whisper',
          message: 'No Prometheus data source is configured',
        },
      },
    ]);
    expect(report.total).toBeNull();
    expect(report.tokens).toBeNull();
    expect(report.costPer1MTokens).toBeNull();
    expect(report.withinSlo).toEqual([]);
  });
});
