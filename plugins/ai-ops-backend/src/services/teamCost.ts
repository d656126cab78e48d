import {
  CostResponse,
  CostWindow,
  SliType,
  TeamCostReport,
} from '@ai-refarch/plugin-ai-ops-common';

/**
 * A team's figures from the cost reports of the AI models it owns: their
 * costs and tokens added up, and per SLO indicator the cost per 1M tokens
 * served within it over the models whose share was measured. A model's
 * figures count once each, so they add up: its cost report already counts
 * a self-hosted model at its servers' GPU cost for its tokens only.
 */
export function teamCostReport(
  window: CostWindow,
  currency: string,
  models: { entityRef: string; title: string; response: CostResponse }[],
): TeamCostReport {
  const rows = models.map(({ entityRef, title, response }) => {
    if (response.status !== 'ok') {
      return {
        entityRef,
        title,
        status: response.status,
        message: response.message,
        cost: null,
        tokens: null,
        withinSlo: [],
      };
    }
    const c = response.cost;
    const missing = [
      ...(c.selfHostedMissing ? [c.selfHostedMissing] : []),
      ...c.attributedMissing,
    ];
    return {
      entityRef,
      title,
      status: missing.length ? ('incomplete' as const) : ('ok' as const),
      message: missing.length ? missing.join('; ') : null,
      cost: c.total,
      tokens: c.tokens ? c.tokens.input + c.tokens.output : null,
      withinSlo: c.withinSlo,
    };
  });
  // No model with figures is not $0: unknown.
  const costed = rows.filter(r => r.cost !== null);
  const total = costed.length ? costed.reduce((a, r) => a + r.cost!, 0) : null;
  const counted = rows.filter(r => r.tokens !== null);
  const tokens = counted.length
    ? counted.reduce((a, r) => a + r.tokens!, 0)
    : null;

  const indicators = [
    ...new Set(rows.flatMap(r => r.withinSlo.map(w => w.indicator))),
  ].sort() as SliType[];
  const withinSlo = indicators.map(indicator => {
    const measured: string[] = [];
    const unmeasured: { entityRef: string; reason: string }[] = [];
    let cost = 0;
    let within = 0;
    for (const r of rows) {
      const slos = r.withinSlo.filter(w => w.indicator === indicator);
      if (!slos.length) continue;
      const missing = slos.find(w => w.share === null || w.tokens === null);
      if (missing) {
        unmeasured.push({
          entityRef: r.entityRef,
          reason: `${missing?.displayName ?? slos[0].displayName}: ${
            missing?.reason ?? 'no share measured'
          }`,
        });
        continue;
      }
      // Its strictest SLO of this indicator: the fewest tokens within.
      within += Math.min(...slos.map(w => w.tokens!));
      cost += r.cost ?? 0;
      measured.push(r.entityRef);
    }
    return {
      indicator,
      models: measured,
      cost,
      tokens: within,
      costPer1MTokens: within > 0 ? (cost / within) * 1e6 : null,
      unmeasured,
    };
  });
  return {
    currency,
    window,
    complete: rows.every(r => r.status === 'ok'),
    total,
    tokens,
    costPer1MTokens: total !== null && tokens ? (total / tokens) * 1e6 : null,
    models: rows,
    withinSlo,
  };
}
