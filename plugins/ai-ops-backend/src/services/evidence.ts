import { createHash } from 'node:crypto';
import {
  anyOf,
  eq,
  labelMatchers,
  Matcher,
  selector,
  SloReport,
  SloSpec,
} from '@ai-refarch/plugin-ai-ops-common';
import { PrometheusApi, Series } from './prometheus/PrometheusClient';
import {
  bucketAt,
  occurrenceStatus,
  occurrenceWindows,
  SloProblem,
} from './SloService';
import { SourceConfig } from '../config';
import { Target } from './targets';
import { DAY } from './windows';

/**
 * The scorecard's Prometheus evidence for many entities at once: the same
 * figures the per-entity SLO and cost services compute, from queries that
 * aggregate by the entities' series labels (`sum by (service) (…)`) rather
 * than one query per entity, so that a grading run over thousands of
 * entities asks Prometheus a few dozen questions instead of tens of
 * thousands. test:prometheus checks every figure against the per-entity
 * endpoints.
 */

/** GPU-hours are integrated over steps of this many seconds (CostService). */
const STEP = 900;
const SEP = '\u0000';

/** An occurrences SLO of one entity: its attainment over its window and its burn-rate status. */
export type SloFigures =
  | {
      good: number;
      total: number;
      attainment: number | null;
      status: SloReport['status'];
    }
  | { problem: string };

/** An entity's GPU-hours over the window, and the idle part of those with a utilisation sample. */
export type GpuFigures = {
  gpuHours: number;
  idleGpuHours: number;
  /** Whether any of its pods had a utilisation (DCGM) sample in the window. */
  measured: boolean;
};

/** The key of a series by the values of `labels`. */
const keyOf = (labels: string[], metric: Record<string, string>) =>
  labels.map(l => metric[l] ?? '').join(SEP);

/** The serving labels of a target, sorted, when all are equality matchers. */
function servingLabels(target: Target): string[] | null {
  if (target.serving.some(m => m.op !== '=')) return null;
  return target.serving.map(m => m.label).sort();
}

const servingKey = (target: Target, labels: string[]) =>
  labels.map(l => target.serving.find(m => m.label === l)!.value).join(SEP);

export class FleetEvidence {
  constructor(
    /** The client of a data source (AiOpsService's, with its day cache). */
    private readonly client: (source: SourceConfig) => PrometheusApi,
    /**
     * Keeps an answer that serves every page of a grading run (the GPU
     * figures of all of a source's workloads) for a while.
     */
    private readonly memo: <T>(
      key: string,
      compute: () => Promise<T>,
    ) => Promise<T> = (_key, compute) => compute(),
  ) {}

  /**
   * An instant query over all of a source's series, whose answer serves
   * every page of entities asked for while it is kept (`memo`): each query
   * reads every entity's series once per grading run, not once per page.
   */
  private query<T>(
    source: SourceConfig,
    promql: string,
    now: Date,
    read: (series: Series[]) => T,
  ): Promise<T> {
    const hash = createHash('sha256').update(promql).digest('hex');
    return this.memo(`${source.id}:${hash}`, async () =>
      read(await this.client(source).query(promql, now)),
    );
  }

  /**
   * `expr` aggregated by `labels` over each window, in one instant query:
   * per window, per key of the labels' values, the value.
   */
  private async byWindow(
    source: SourceConfig,
    expr: (range: string) => string,
    labels: string[],
    windows: string[],
    now: Date,
  ): Promise<Map<string, Map<string, number>>> {
    const union = windows
      .map(w => `label_replace(${expr(w)}, "window", "${w}", "", "")`)
      .join(' or ');
    return this.query(source, union, now, series => {
      const result = new Map<string, Map<string, number>>();
      for (const s of series) {
        const v = s.values[0]?.[1];
        if (!Number.isFinite(v)) continue;
        const key = keyOf(labels, s.metric);
        if (!result.has(key)) result.set(key, new Map());
        result.get(key)!.set(s.metric.window, v);
      }
      return result;
    });
  }

  /**
   * Availability and latency SLOs of many entities (quality SLOs count
   * time slices; their callers compute them one by one): rows are grouped
   * by source, runtime, indicator, window and the names of their serving
   * labels, and each group is read with one query for its good and one for
   * its total requests over every window. Keys are the rows' own.
   */
  async occurrences(
    rows: { key: string; slo: SloSpec; target: Target }[],
    now: Date,
  ): Promise<Map<string, SloFigures>> {
    const result = new Map<string, SloFigures>();
    const groups = new Map<string, typeof rows>();
    for (const row of rows) {
      const { slo, target } = row;
      if (!target.runtime) {
        result.set(row.key, {
          problem: `the serving runtime is unknown: set indicator.runtime, or annotation ai-refarch.io/runtime on a Component (spec.serving.runtime on an AIModel)`,
        });
        continue;
      }
      const labels = servingLabels(target);
      if (!labels) throw new Error('serving matchers must be equalities');
      const group = JSON.stringify([
        target.source.id,
        target.runtime,
        slo.indicator.type,
        slo.timeWindow[0].duration,
        labels,
      ]);
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group)!.push(row);
    }
    await Promise.all(
      [...groups.values()].map(async group => {
        try {
          for (const [key, figures] of await this.occurrenceGroup(group, now)) {
            result.set(key, figures);
          }
        } catch (error) {
          // A data source that fails leaves its group's SLOs unknown.
          for (const row of group) {
            result.set(row.key, { problem: (error as Error).message });
          }
        }
      }),
    );
    return result;
  }

  private async occurrenceGroup(
    group: { key: string; slo: SloSpec; target: Target }[],
    now: Date,
  ): Promise<Map<string, SloFigures>> {
    const { slo, target } = group[0];
    const { source } = target;
    const m = target.source.runtimes[target.runtime!];
    const labels = servingLabels(target)!;
    const windows = occurrenceWindows(slo.timeWindow[0].duration);
    const by = labels.join(', ');
    const increase =
      (metric: string, matchers: Matcher[], extra: string[] = []) =>
      (r: string) =>
        `sum by (${[...labels, ...extra].join(', ')}) (increase(${selector(
          metric,
          matchers,
        )}[${r}]))`;
    const result = new Map<string, SloFigures>();
    /** Good and total per window, per serving key. */
    let good: (key: string, row: (typeof group)[number]) => Map<string, number>;
    let total: Map<string, Map<string, number>>;
    if (slo.indicator.type === 'availability') {
      const errorMatchers = Object.entries(m.errors.labels).map(
        ([label, value]) => ({ label, op: '=~' as const, value }),
      );
      const [requests, successes, errors] = await Promise.all([
        m.requests
          ? this.byWindow(
              source,
              increase(m.requests, []),
              labels,
              windows,
              now,
            )
          : null,
        m.requests
          ? null
          : this.byWindow(
              source,
              increase(m.successes!, []),
              labels,
              windows,
              now,
            ),
        this.byWindow(
          source,
          increase(m.errors.metric, errorMatchers),
          labels,
          windows,
          now,
        ),
      ]);
      // As SloService: no error series at all means no errors; without a
      // request counter, total is successes plus errors.
      total = requests ?? new Map();
      if (successes) {
        for (const [key, s] of successes) {
          const e = errors.get(key);
          total.set(
            key,
            new Map([...s].map(([w, v]) => [w, v + (e?.get(w) ?? 0)])),
          );
        }
      }
      good = key => {
        const t = total.get(key) ?? new Map<string, number>();
        const e = errors.get(key);
        return new Map([...t].map(([w, v]) => [w, v - (e?.get(w) ?? 0)]));
      };
    } else {
      const histogram =
        slo.indicator.type === 'ttft' ? m.ttft : m.interTokenLatency;
      if (!histogram) {
        for (const row of group) {
          result.set(row.key, {
            problem: `${target.runtime} exports no inter-token latency histogram`,
          });
        }
        return result;
      }
      // Each entity's bucket at its threshold, among those it exported in
      // the last day (as SloService reads them).
      const exported = await this.query(
        source,
        `count by (${by}, le) (last_over_time(${selector(
          `${histogram.metric}_bucket`,
          [],
        )}[1d]))`,
        now,
        series => {
          const byKey = new Map<string, string[]>();
          for (const s of series) {
            const key = keyOf(labels, s.metric);
            if (!byKey.has(key)) byKey.set(key, []);
            byKey.get(key)!.push(s.metric.le);
          }
          return byKey;
        },
      );
      const les = new Map<string, string>();
      for (const row of group) {
        try {
          les.set(
            row.key,
            bucketAt(
              histogram,
              exported.get(servingKey(row.target, labels)) ?? [],
              row.slo.objectives[0].value!,
            ),
          );
        } catch (error) {
          if (!(error instanceof SloProblem)) throw error;
          result.set(row.key, { problem: error.message });
        }
      }
      if (!les.size) return result;
      const [buckets, counts] = await Promise.all([
        this.byWindow(
          source,
          increase(
            `${histogram.metric}_bucket`,
            [anyOf('le', [...new Set(les.values())])],
            ['le'],
          ),
          [...labels, 'le'],
          windows,
          now,
        ),
        this.byWindow(
          source,
          increase(`${histogram.metric}_count`, []),
          labels,
          windows,
          now,
        ),
      ]);
      total = counts;
      good = (key, row) =>
        buckets.get(`${key}${SEP}${les.get(row.key)}`) ?? new Map();
    }
    for (const row of group) {
      if (result.has(row.key)) continue;
      const key = servingKey(row.target, labels);
      const {
        good: g,
        total: t,
        attainment,
        status,
      } = occurrenceStatus(
        good(key, row),
        total.get(key) ?? new Map(),
        row.slo.timeWindow[0].duration,
        row.slo.objectives[0].target,
      );
      result.set(row.key, { good: g, total: t, attainment, status });
    }
    return result;
  }

  /**
   * Per entity with a workload (backstage.io/kubernetes-id), its pods'
   * GPU-hours over the last `days` and the idle part of them, on
   * CostService's grid (GPUs requested at each 15-minute step; each pod's
   * idle share at each step with a utilisation sample), for all of a
   * source's workloads in one query. A pod's GPU request never changes
   * (its spec is immutable), so its idle GPU-hours are its GPUs times the
   * sum over its steps of 1 − utilisation: the subqueries select series and
   * nothing else, which Prometheus evaluates fast, and the joins run once on
   * their sums rather than at every step. Pods are mapped to workloads as
   * CostService maps them: by pod label, or through a ReplicaSet to its
   * Deployment, or to their StatefulSet, as last seen in the window.
   * Unlike the cost card, which prices each step by its node's labels, a
   * step counts whether or not kube_node_labels has the node: an idle share
   * needs no price.
   */
  async gpu(
    rows: { key: string; target: Target }[],
    now: Date,
    days: number,
  ): Promise<Map<string, GpuFigures | { problem: string }>> {
    const result = new Map<string, GpuFigures | { problem: string }>();
    const bySource = new Map<string, typeof rows>();
    for (const row of rows) {
      if (!row.target.workloadId) continue;
      const id = row.target.source.id;
      bySource.set(id, [...(bySource.get(id) ?? []), row]);
    }
    await Promise.all(
      [...bySource.values()].map(async group => {
        try {
          for (const [key, f] of await this.gpuGroup(group, now, days)) {
            result.set(key, f);
          }
        } catch (error) {
          for (const row of group) {
            result.set(row.key, { problem: (error as Error).message });
          }
        }
      }),
    );
    return result;
  }

  private async gpuGroup(
    group: { key: string; target: Target }[],
    now: Date,
    days: number,
  ): Promise<Map<string, GpuFigures>> {
    const { source } = group[0].target;
    const k = source.kubeStateMetrics;
    // (now - days, now]: whichever end a Prometheus includes, the steps of
    // CostService's grid.
    const window = `${days * DAY - 1}s`;
    const grid = `[${window}:${STEP}s]`;
    const last = (sel: string) => `last_over_time(${sel}[${window}])`;
    const wpl = k.workloadPodLabel;
    const byLabel = `max by (namespace, pod, workload) (label_replace(${last(
      selector(k.podLabels, [{ label: wpl, op: '!=', value: '' }]),
    )}, "workload", "$1", "${wpl}", "(.+)"))`;
    const replicaSets = `max by (namespace, owner_name, workload) (label_replace(label_replace(${last(
      selector(k.replicaSetOwner, [eq('owner_kind', 'Deployment')]),
    )}, "workload", "$1", "owner_name", "(.+)"), "owner_name", "$1", "replicaset", "(.+)"))`;
    const viaDeployment = `max by (namespace, pod, workload) (${last(
      selector(k.podOwner, [eq('owner_kind', 'ReplicaSet')]),
    )} * on (namespace, owner_name) group_left (workload) ${replicaSets})`;
    const viaStatefulSet = `max by (namespace, pod, workload) (label_replace(${last(
      selector(k.podOwner, [eq('owner_kind', 'StatefulSet')]),
    )}, "workload", "$1", "owner_name", "(.+)"))`;
    const pods = `(${byLabel} or ${viaDeployment} or ${viaStatefulSet})`;
    const requests = selector(k.gpuRequests, [eq('resource', k.gpuResource)]);
    const utilisation = selector(source.dcgm.utilisation, []);
    // Per pod: its GPUs summed over the steps; its GPUs; and the steps with
    // a utilisation sample less their utilisation (the mean over its GPUs).
    const gpuSteps = `sum by (namespace, pod) (sum_over_time(${requests}${grid}))`;
    const gpus = `sum by (namespace, pod) (max_over_time(${requests}[${window}]))`;
    const idleSteps = `(max by (namespace, pod) (count_over_time(${utilisation}${grid})) - avg by (namespace, pod) (sum_over_time(${utilisation}${grid})) / 100)`;
    const perWorkload = (part: string, perPod: string) =>
      `label_replace(sum by (namespace, workload) (${pods} * on (namespace, pod) group_left () ${perPod}), "part", "${part}", "", "")`;
    const query = `${perWorkload('gpu', gpuSteps)} or ${perWorkload(
      'idle',
      `(${gpus} * on (namespace, pod) group_left () ${idleSteps})`,
    )}`;
    const byWorkload = await this.query(source, query, now, series => {
      const byId = new Map<string, Series[]>();
      for (const s of series) {
        const w = s.metric.workload ?? '';
        if (!byId.has(w)) byId.set(w, []);
        byId.get(w)!.push(s);
      }
      return byId;
    });
    const hours = STEP / 3600;
    const result = new Map<string, GpuFigures>();
    for (const row of group) {
      const { workloadId, workloadNamespace } = row.target;
      const figures = { gpuHours: 0, idleGpuHours: 0, measured: false };
      for (const s of byWorkload.get(workloadId!) ?? []) {
        if (workloadNamespace && s.metric.namespace !== workloadNamespace) {
          continue;
        }
        const v = s.values[0]?.[1];
        if (!Number.isFinite(v)) continue;
        if (s.metric.part === 'gpu') figures.gpuHours += v * hours;
        else {
          // A pod with utilisation samples has an idle series, 0 or more.
          figures.idleGpuHours += v * hours;
          figures.measured = true;
        }
      }
      result.set(row.key, figures);
    }
    return result;
  }

  /**
   * Per target, whether its serving labels select any series of its
   * runtime's counters and histograms or of the hosted-token metric in the
   * last `days`.
   */
  async exported(
    rows: { key: string; target: Target }[],
    now: Date,
    days: number,
  ): Promise<Map<string, boolean | { problem: string }>> {
    const result = new Map<string, boolean | { problem: string }>();
    const groups = new Map<string, typeof rows>();
    for (const row of rows) {
      const labels = servingLabels(row.target)!;
      const group = JSON.stringify([
        row.target.source.id,
        row.target.runtime,
        labels,
      ]);
      groups.set(group, [...(groups.get(group) ?? []), row]);
    }
    await Promise.all(
      [...groups.values()].map(async group => {
        const { target } = group[0];
        const labels = servingLabels(target)!;
        const m = target.runtime
          ? target.source.runtimes[target.runtime]
          : null;
        const names = [
          target.source.hostedTokens.metric,
          ...(m
            ? [
                m.requests,
                m.successes,
                m.errors.metric,
                m.tokens?.input,
                m.tokens?.output,
                `${m.ttft.metric}_count`,
                m.interTokenLatency && `${m.interTokenLatency.metric}_count`,
              ]
            : []),
        ].filter((n): n is string => Boolean(n));
        try {
          const seen = await this.query(
            target.source,
            `count by (${labels.join(', ')}) (last_over_time(${labelMatchers([
              anyOf('__name__', [...new Set(names)]),
            ])}[${days}d]))`,
            now,
            series => new Set(series.map(s => keyOf(labels, s.metric))),
          );
          for (const row of group) {
            result.set(row.key, seen.has(servingKey(row.target, labels)));
          }
        } catch (error) {
          for (const row of group) {
            result.set(row.key, { problem: (error as Error).message });
          }
        }
      }),
    );
    return result;
  }
}
