import { MonthlyBudget } from './budget';
import { Runtime, SliType, SloWindow, SpecError } from './slo';

/**
 * Multi-window, multi-burn-rate alerting, as in the Google SRE workbook:
 * an alert fires when both its long and its short window burn faster than
 * its factor.
 *
 * @public
 */
export const BURN_RATE_ALERTS = [
  { severity: 'page', factor: 14.4, long: '1h', short: '5m' },
  { severity: 'page', factor: 6, long: '6h', short: '30m' },
  { severity: 'ticket', factor: 3, long: '1d', short: '2h' },
  { severity: 'ticket', factor: 1, long: '3d', short: '6h' },
] as const;

/** @public */
export type BurnRateAlert = {
  severity: 'page' | 'ticket';
  factor: number;
  long: string;
  short: string;
  longRate: number | null;
  shortRate: number | null;
  firing: boolean;
};

/** The Prometheus data source a report came from. @public */
export type DataSource = {
  id: string;
  title: string;
  /** Synthetic demo history: the cards say so. */
  demo: boolean;
};

/** One day of an SLO. @public */
export type SloDay = {
  day: string;
  /** Good over total events (or time slices) of that day; null without traffic. */
  sli: number | null;
  /** Share of the window's error budget left at the end of that day. */
  budgetRemaining: number | null;
};

/** One SLO, computed. @public */
export type SloReport = {
  name: string;
  displayName: string;
  indicator: SliType;
  runtime: Runtime | null;
  window: SloWindow;
  target: number;
  /** Latency SLIs: seconds; quality: the lowest acceptable score. */
  threshold: number | null;
  /** The SLI over the last hour. */
  current: number | null;
  /** The SLI over the whole window. */
  attainment: number | null;
  /** Share of the window's error budget left; negative once overspent. */
  errorBudgetRemaining: number | null;
  /** Good and total events (Occurrences) or time slices (Timeslices) over the window. */
  good: number;
  total: number;
  unit: 'requests' | 'time slices';
  alerts: BurnRateAlert[];
  status: 'ok' | 'ticket' | 'page' | 'no-data';
  /**
   * Each UTC day the window touches, oldest first; unless the window ends at
   * midnight the first and last days are partial, so the days add up to the window.
   */
  daily: SloDay[];
  /**
   * The SLI's good and total requests over the window asked for (1h, 1d,
   * 7d, 28d, 30d or the month to date), beside the SLO's own window. Null
   * when none was asked for, and for quality SLOs (time slices).
   */
  windowCounts: {
    window: CostWindow;
    good: number;
    total: number;
    sli: number | null;
  } | null;
  /**
   * A quality SLO over online evaluations: the trace back end, project and
   * evaluation its hourly scores came from (absent for Prometheus series).
   */
  scores?: { backend: string; project: string; score: string; demo: boolean };
};

/** The windows latency percentiles are given over. @public */
export const LATENCY_WINDOWS = ['1h', '1d'] as const;

/**
 * Latency percentiles from one of the runtime's histograms, in seconds, as
 * PromQL's `histogram_quantile` interpolates them within the buckets.
 *
 * @public
 */
export type LatencyReport = {
  indicator: 'ttft' | 'inter-token-latency';
  /** The histogram; null when the runtime exports none for this indicator. */
  metric: string | null;
  /**
   * `no-histogram`: the runtime exports no such histogram; `no-data`: it
   * does, but no request of this entity was observed in the last day.
   */
  state: 'ok' | 'no-histogram' | 'no-data';
  /** Why there are no figures, in words. */
  reason?: string;
  windows: {
    window: (typeof LATENCY_WINDOWS)[number];
    /** null where no request finished in the window. */
    p50: number | null;
    p95: number | null;
    p99: number | null;
  }[];
  /** Upper bounds of the histogram's buckets in seconds (without +Inf). */
  buckets: number[];
};

/** What the SLO endpoint answers. @public */
export type SloResponse =
  | {
      status: 'ok';
      entityRef: string;
      source: DataSource;
      slos: SloReport[];
      /** Time to first token and inter-token latency as percentiles. */
      latency: LatencyReport[];
      /** SLOs that could not be computed, each with its reason. */
      problems: SpecError[];
      computedAt: string;
    }
  | {
      status: 'not-configured' | 'no-slos';
      entityRef: string;
      message: string;
    };

/** Cost of one tenant over the window, by its share of tokens. @public */
export type TenantCost = {
  tenant: string;
  tokens: number;
  /** Its input and output tokens, when the tenant counter says which (typeLabel). */
  inputTokens: number | null;
  outputTokens: number | null;
  /** Its share of all tenants' tokens. */
  share: number;
  /**
   * Its part of the total: by its share of the input and of the output tokens
   * at their own cost where both are known (perDirection), else by its share
   * of all tokens.
   */
  cost: number;
};

/** A GPU pod of the entity that started or stopped inside the cost window. @public */
export type PodEvent = {
  /** When, to the 15-minute step the GPU requests are sampled at. */
  at: string;
  kind: 'started' | 'stopped' | 'spot-interruption';
  namespace: string;
  pod: string;
  node: string;
  capacity: 'spot' | 'on-demand';
};

/** One day of cost. @public */
export type CostDay = {
  day: string;
  total: number;
  byTenant: Record<string, number>;
};

/**
 * The windows the cost endpoint computes over: the last hour, day, 7, 28
 * or 30 days, or the calendar month to date (from the 1st, 00:00 UTC).
 * @public
 */
export const COST_WINDOWS = ['1h', '1d', '7d', '28d', '30d', 'month'] as const;

/** @public */
export type CostWindow = (typeof COST_WINDOWS)[number];

/**
 * The length of a cost window ending at `now`, in seconds (the calendar
 * month's from its 1st, 00:00 UTC; at least one second).
 * @public
 */
export function costWindowSeconds(window: CostWindow, now: Date): number {
  switch (window) {
    case '1h':
      return 3600;
    case 'month':
      return Math.max(
        1,
        Math.floor(
          (now.getTime() -
            Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)) /
            1000,
        ),
      );
    default:
      return Number(window.slice(0, -1)) * 86_400;
  }
}

/** Cost of an entity over a window, computed from Prometheus and the price tables. @public */
export type CostReport = {
  currency: string;
  /** The window asked for. */
  window: CostWindow;
  /** Its length in days (a fraction for the last hour and the month to date). */
  windowDays: number;
  total: number;
  selfHosted: {
    gpuHours: { onDemand: number; spot: number };
    cost: { onDemand: number; spot: number };
    /** What the same GPU-hours would have cost all on demand. */
    onDemandEquivalent: number;
    spotSavings: number;
    /** GPU types seen on the entity's nodes that the price table lacks. */
    unpriced: string[];
    /** Idle GPU time from DCGM utilisation; null without DCGM series. */
    idle: { utilisation: number; gpuHours: number; cost: number } | null;
    /**
     * The entity's GPU pods that started or stopped inside the window, to
     * the 15-minute step: a pod on spot capacity that stopped when its node
     * left the cluster is a spot interruption. Oldest first.
     */
    events: PodEvent[];
  } | null;
  hosted: {
    byModel: {
      model: string;
      entityRef: string;
      inputTokens: number;
      /**
       * Of the input tokens, those served from the provider's prompt cache
       * (hostedTokens.cachedInputValue), priced at cachedInputPer1MTokens.
       */
      cachedInputTokens: number;
      outputTokens: number;
      inputCost: number;
      outputCost: number;
      cost: number;
    }[];
    cost: number;
  } | null;
  /**
   * The entity's share of the self-hosted models it calls (spec.dependsOn):
   * each day, the cost of the model servers' GPUs, shared out by tokens:
   * its calls' tokens (OpenTelemetry GenAI token usage) over the tokens the
   * servers counted for the model that day. Null when it calls none.
   */
  attributed: {
    byModel: {
      model: string;
      entityRef: string;
      /** The Components that serve it, whose GPU cost is shared out. */
      servedBy: string[];
      inputTokens: number;
      outputTokens: number;
      /** The entity's tokens over all tokens its servers counted for it. */
      share: number;
      cost: number;
    }[];
    cost: number;
  } | null;
  /**
   * Why part of the cost of the self-hosted models the entity calls could
   * not be shared out to it (no server in the catalog, no GPU or token
   * series for a server, its calls not counted). Empty when all was.
   */
  attributedMissing: string[];
  /**
   * Why the self-hosted part is missing from the total although the entity
   * names its pods: no pod or GPU request series matched, and which mapping
   * was tried. Null when it was found, when its pods request no GPUs, or
   * when it names no pods.
   */
  selfHostedMissing: string | null;
  tokens: { input: number; output: number } | null;
  costPer1MTokens: number | null;
  /**
   * The cost split between input and output tokens, and per 1M of each:
   * hosted API tokens at their own prices; the entity's own GPU cost by the
   * seconds its runtime spent in prefill (reading input) and decode
   * (generating output). Null when part of the cost cannot be split, with
   * the reason in `perDirectionMissing`.
   */
  perDirection: {
    inputCost: number;
    outputCost: number;
    inputPer1MTokens: number | null;
    outputPer1MTokens: number | null;
  } | null;
  perDirectionMissing: string | null;
  /**
   * Per availability or latency SLO the entity declares: the share of the
   * window's requests that met it, the tokens served within it (the tokens
   * times that share: requests are taken to carry the average tokens), and
   * the cost per 1M of those. A service that misses its SLO pays more per
   * useful token. `reason` says why an SLO has no figure.
   */
  /**
   * For a self-hosted model: the hosted API models of the catalog that do
   * its work (the same type; multimodal ones for llm and vision models), what the window's tokens would have cost at their prices (at
   * this model's own input/output mix), and the token rate at which this
   * model's GPU cost per hour equals their price: above it, self-hosting is
   * cheaper. Compare with `tokensPerHour`. Empty for other entities.
   */
  hostedAlternatives: {
    model: string;
    entityRef: string;
    cost: number;
    costPer1MTokens: number;
    breakEvenTokensPerHour: number;
    /**
     * The same break-even as requests per hour, at the window's average
     * tokens per request; null where the runtime's requests were not
     * counted. Compare with `requestsPerHour`.
     */
    breakEvenRequestsPerHour: number | null;
  }[];
  /** The tokens served per hour over the window, where tokens were counted. */
  tokensPerHour: number | null;
  /**
   * The requests served per hour over the window, from the runtime's
   * time-to-first-token histogram (one count per request), where its tokens
   * were counted too.
   */
  requestsPerHour: number | null;
  withinSlo: {
    slo: string;
    displayName: string;
    /** The SLO's indicator: availability, ttft or inter-token-latency. */
    indicator: SliType;
    share: number | null;
    tokens: number | null;
    costPer1MTokens: number | null;
    reason?: string;
  }[];
  tenants: TenantCost[];
  /** Each UTC day the window touches, as for SloReport's `daily`: the days add up to `total`. */
  daily: CostDay[];
  budget:
    | (MonthlyBudget & {
        monthToDate: number;
        projectedMonthEnd: number;
        /** Unknown when part of the spend could not be found (selfHostedMissing, attributedMissing). */
        status: 'under' | 'at-risk' | 'over' | 'unknown';
      })
    | null;
};

/** What the cost endpoint answers. @public */
export type CostResponse =
  | {
      status: 'ok';
      entityRef: string;
      source: DataSource;
      cost: CostReport;
      computedAt: string;
    }
  | {
      status: 'not-configured' | 'no-data';
      entityRef: string;
      message: string;
    };

/**
 * What the AI models a team owns cost over a window, and per SLO indicator
 * the cost per 1M tokens they served within their SLOs of that indicator.
 * Each model counts once: a self-hosted model's cost is its servers' GPU
 * cost for its tokens, a hosted model's its tokens everywhere at its
 * prices, so the models' figures add up without counting a server twice.
 *
 * @public
 */
export type TeamCostReport = {
  currency: string;
  window: CostWindow;
  /**
   * Whether every model's cost is known in full: false when a model has no
   * figures or part of its cost could not be found, and `total` is then a
   * lower bound.
   */
  complete: boolean;
  /** The models with a cost report, added up; null when none has one. */
  total: number | null;
  /** Their tokens, where counted; null when none counted any. */
  tokens: number | null;
  costPer1MTokens: number | null;
  models: {
    entityRef: string;
    title: string;
    /**
     * `ok`; `incomplete` when part of its cost could not be found (its
     * servers' pods or token counts: `message` says which); else why it has
     * no figures, and it is not in the total.
     */
    status: 'ok' | 'incomplete' | 'not-configured' | 'no-data';
    message: string | null;
    cost: number | null;
    tokens: number | null;
    withinSlo: CostReport['withinSlo'];
  }[];
  /**
   * Per indicator that some model has an SLO of: over the models whose
   * share within it was measured, their cost per 1M tokens served within
   * it. A model with several SLOs of one indicator counts its strictest
   * (the smallest share).
   */
  withinSlo: {
    indicator: SliType;
    /** The models whose share was measured. */
    models: string[];
    cost: number;
    /** Their tokens served within the SLOs of this indicator. */
    tokens: number;
    costPer1MTokens: number | null;
    /** Models with an SLO of this indicator whose share was not measured, and why. */
    unmeasured: { entityRef: string; reason: string }[];
  }[];
};

/** What the team cost endpoint answers. @public */
export type TeamCostResponse =
  | {
      status: 'ok';
      entityRef: string;
      cost: TeamCostReport;
      computedAt: string;
    }
  | { status: 'no-models'; entityRef: string; message: string };

/** An alerting rule that Prometheus has loaded for an entity. @public */
export type LoadedAlert = {
  /** The rule group, e.g. slo-vllm-chat-availability-alerts. */
  group: string;
  name: string;
  /** Its `severity` label (page, ticket), when it has one. */
  severity: string | null;
  /** ok, err, or unknown when Prometheus has not evaluated it yet. */
  health: string;
  /** inactive, pending or firing. */
  state: string;
  lastError?: string;
};

/**
 * What the alerting endpoint answers: the alerting rules the entity's
 * Prometheus has loaded whose labels carry the entity's series labels (the
 * golden path's SLO alerts carry `service`). @public
 */
export type AlertingResponse =
  | {
      status: 'ok';
      entityRef: string;
      source: DataSource;
      alerts: LoadedAlert[];
      computedAt: string;
    }
  | {
      status: 'not-configured';
      entityRef: string;
      message: string;
    };

/**
 * What the freshness endpoint answers for a RAG ingestion pipeline: when
 * its index was last refreshed, as the ingestion job pushed it. @public
 */
export type FreshnessResponse =
  | {
      status: 'ok';
      entityRef: string;
      source: DataSource;
      /** null when no series says so. */
      lastSuccess: string | null;
      ageHours: number | null;
      /** The series it read, e.g. `rag_ingest_last_success_timestamp_seconds{job="docs-ingest"}`. */
      series: string;
      computedAt: string;
    }
  | {
      status: 'not-configured';
      entityRef: string;
      message: string;
    };

/**
 * One figure of the evidence endpoint: known, with where it was read, or
 * unknown and why. @public
 */
export type EvidenceFigure<T> =
  | { status: 'ok'; value: T; source: DataSource; computedAt: string }
  | { status: 'unknown'; reason: string; source: DataSource | null };

/**
 * An SLO as the scorecard grades it: attainment over its window and its
 * burn-rate status; `problem` says why an SLO could not be computed. @public
 */
export type SloEvidence = {
  name: string;
  window: SloWindow;
  target: number;
  attainment: number | null;
  status: SloReport['status'];
  total: number;
  problem?: string;
};

/**
 * What the scorecard grades of one entity, from the evidence endpoint
 * (`POST /evidence`): each part present only where it applies. `slos` for
 * an entity with spec.slos; `metrics`, `gpu` and `alerting` for a model
 * server (ai-refarch.io/serves-models, ai-refarch.io/prometheus-labels or
 * backstage.io/kubernetes-id); `budget` for one with
 * ai-refarch.io/monthly-budget (the 7-day cost report, whose budget counts
 * from the 1st); `freshness` for a RAG pipeline (ai-refarch.io/schedule).
 * `problem` alone when nothing could be read: not in the catalog for the
 * caller, an annotation in error, or no data source configured. @public
 */
export type EntityEvidence = {
  entityRef: string;
  problem?: string;
  slos?: EvidenceFigure<SloEvidence[]>;
  metrics?: EvidenceFigure<{ exported: boolean }>;
  gpu?: EvidenceFigure<{
    gpuHours: number;
    idleGpuHours: number;
    idleShare: number;
    days: number;
  }>;
  alerting?: AlertingResponse | EvidenceError;
  budget?: CostResponse | EvidenceError;
  freshness?: FreshnessResponse | EvidenceError;
};

/** A part of the evidence that could not be read, and why. @public */
export type EvidenceError = {
  status: 'error';
  entityRef: string;
  message: string;
};

/** The most entity refs one evidence request may name. @public */
export const EVIDENCE_MAX_ENTITIES = 1000;

/** The answer of `POST /evidence`: one item per entity ref asked for, in order. @public */
export type EvidenceResponse = { items: EntityEvidence[] };
