import { createTranslationRef } from '@backstage/core-plugin-api/alpha';

/**
 * Every user-facing string of the cost and SLO cards, so that an
 * organisation can translate or reword them (`createTranslationMessages`).
 *
 * @alpha
 */
export const aiOpsTranslationRef = createTranslationRef({
  id: 'ai-ops',
  messages: {
    states: {
      unreachable: 'Prometheus unreachable',
      couldNotLoad: 'Could not load',
      unreachableHelp:
        'Check that Prometheus is up and that the data source in aiOps.prometheus.sources points at it; the back end waits for it as long as the source’s timeout allows.',
      refusedHelp:
        'The back end refused the request; the message above says which field is at fault.',
      tryAgain: 'Try again',
      demoData: 'Demo data',
      demoDataTitle:
        'Synthetic history from npm run start:demo, not a real workload',
    },
    teamCost: {
      title: 'AI models: cost within SLOs',
      noModels: 'This team owns no AI models.',
      summary:
        'This team’s AI models ({{models}}) cost {{total}} for {{tokens}} tokens: {{per1M}} per 1M tokens.',
      summaryNoTokens:
        'This team’s AI models ({{models}}) cost {{total}}; no tokens were counted.',
      noFigures:
        'None of this team’s AI models has cost figures in the window.',
      incomplete:
        'The total is a lower bound: part of the cost of these models could not be found.',
      withinSlo: {
        label: 'Cost per 1M tokens served within the SLOs, by indicator',
        indicator: 'Indicator',
        models: 'Models measured',
        tokens: 'Tokens within the SLOs',
        cost: 'Their cost',
        per1M: 'Per 1M tokens within',
        notMeasured: 'Not measured: {{models}}',
      },
      indicators: {
        availability: 'Availability',
        ttft: 'Time to first token',
        'inter-token-latency': 'Inter-token latency',
        quality: 'Quality',
      },
      models: {
        label: 'The team’s AI models',
        model: 'Model',
        cost: 'Cost',
        tokens: 'Tokens',
        status: 'Figures',
        ok: 'complete',
        incomplete: 'incomplete',
        'no-data': 'no data',
        'not-configured': 'not configured',
      },
    },
    cost: {
      title: 'Cost',
      window: 'Window',
      windows: {
        '1h': 'Last hour',
        '1d': 'Last day',
        '7d': 'Last 7 days',
        '28d': 'Last 28 days',
        '30d': 'Last 30 days',
        month: 'This month',
      },
      selfHostedMissing: "The total leaves out this entity's GPUs: {{reason}}.",
      total: 'Total',
      withoutGpuCost: 'without GPU cost',
      per1MTokens: 'Per 1M tokens',
      tokenCount: '{{tokens}} tokens',
      perDirection: 'Per 1M input · output tokens',
      perDirectionValue: '{{input}} in · {{output}} out',
      gpuHours: 'GPU-hours',
      gpuHoursSplit: '{{onDemand}} on demand · {{spot}} spot',
      spotSavings: 'Spot savings',
      againstOnDemand: 'against {{amount}} all on demand',
      idleWaste: 'Idle GPU waste',
      averageUtilisation: '{{share}} average utilisation',
      hostedApis: 'Hosted APIs',
      selfHostedModels: 'Self-hosted models',
      attributedMissing:
        'The total leaves out part of the self-hosted models this entity calls: {{reasons}}.',
      daily: 'Daily cost',
      dailySummary:
        'Daily cost, {{first}} to {{last}}: {{highest}} at the highest, on {{highestDay}}; {{latest}} on the last day.',
      dailyByTenant: 'Daily cost by tenant (share of tokens)',
      tenants: {
        label: 'Cost by tenant',
        tenant: 'Tenant',
        tokens: 'Tokens',
        share: 'Share of tokens',
        cost: 'Cost',
      },
      hosted: {
        label: 'Hosted API models',
        model: 'Hosted model',
        inputTokens: 'Input tokens',
        cachedInputTokens: 'of which cached',
        outputTokens: 'Output tokens',
        cost: 'Cost',
      },
      alternatives: {
        label: 'Self-hosting against hosted APIs',
        observed: 'This model served {{rate}} tokens an hour in the window.',
        observedRequests:
          'This model served {{rate}} tokens ({{requests}} requests) an hour in the window.',
        model: 'Hosted model for the same work',
        cost: 'These tokens would cost',
        per1M: 'Per 1M tokens',
        breakEven: 'Self-hosting is cheaper above (tokens/hour)',
        breakEvenRequests: 'In requests/hour',
      },
      withinSlo: {
        label: 'Cost per 1M tokens within each SLO',
        slo: 'SLO',
        share: 'Requests within it',
        tokens: 'Tokens within it',
        cost: 'Per 1M tokens within it',
      },
      attributed: {
        label: 'Share of self-hosted models',
        model: 'Self-hosted model',
        servedBy: 'Served by',
        tokens: 'Tokens of its calls',
        share: 'Share of served tokens',
        cost: 'Cost',
      },
      events: {
        title: 'GPU pods started and stopped',
        when: 'When (UTC)',
        event: 'Event',
        pod: 'Pod',
        node: 'Node',
        started: 'Pod started',
        stopped: 'Pod stopped',
        spotInterruption: 'Spot interruption (the pod left with its node)',
        spot: 'spot',
        onDemand: 'on demand',
      },
      unpriced:
        'No price for GPU type {{types}}: add it to aiRefarch.gpuPrices; its GPU-hours count at zero cost.',
      budget: {
        known:
          'Month to date {{monthToDate}} of {{amount}} budget · projected month end {{projected}}',
        unknown:
          'Month to date at least {{monthToDate}} of {{amount}} budget · the GPU cost is not known',
        meter: 'Budget used this month',
        under: 'On budget',
        atRisk: 'At risk',
        over: 'Over budget',
        unknownStatus: 'Unknown',
      },
    },
    slo: {
      title: 'Service level objectives',
      status: {
        ok: 'Within budget',
        ticket: 'Ticket: burning',
        page: 'Page: burning fast',
        noData: 'No data',
      },
      objective: {
        availability: '{{share}} of requests succeed',
        ttft: '{{share}} of requests get a first token within {{ms}}',
        interTokenLatency:
          '{{share}} of requests stream tokens within {{ms}} of each other',
        quality:
          'the score is at least {{threshold}} in {{share}} of time slices',
      },
      table: {
        label: 'SLOs',
        slo: 'SLO',
        attained: 'Attained',
        budgetLeft: 'Budget left',
        status: 'Status',
        countWindow: 'Also show each SLI over',
        counts: '{{good}} of {{total}}',
        detail:
          '{{window}} rolling · {{total}} {{unit}} · last hour {{current}}',
        scores: 'online {{score}} evaluations of {{project}} in {{backend}}',
        scoresDemo:
          'online {{score}} evaluations of {{project}} in {{backend}} (demo data)',
      },
      charts: {
        budgetLeft: 'Error budget left',
        sliPerDay: 'SLI per day against the target',
        target: 'target',
        sli: 'SLI',
        budgetSummary:
          'Error budget left per day, {{first}} to {{last}}: {{latest}} on the last day, {{lowest}} at the lowest.',
        sliSummary:
          'SLI per day, {{first}} to {{last}}, against the target of {{target}}: below it on {{below}} of {{days}} days, {{lowest}} at the lowest.',
        noData: 'no data',
      },
      alerts: {
        label: 'Burn-rate alerts',
        alert: 'Burn-rate alert',
        longWindow: 'Long window',
        shortWindow: 'Short window',
        fires: 'Fires',
        rule: '{{severity}} at {{factor}}× over {{long}} and {{short}}',
        firing: 'firing',
        notFiring: 'no',
      },
    },
    latency: {
      label: 'Latency percentiles',
      latency: 'Latency',
      ttft: 'Time to first token',
      interTokenLatency: 'Inter-token latency',
      lastHour: 'last hour',
      lastDay: 'last day',
      row: '{{name}}, {{window}}',
      notExported: 'Not exported: {{reason}}',
      noData: 'No data: {{reason}}',
      source:
        '{{name}} from {{metric}}, interpolated within its bucket bounds in seconds ({{bounds}}): each percentile is only as exact as the bounds around it.',
    },
  },
});
