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
 * figures the per-entity SLO and cost services compute, from queries over
 * all of a source's series that aggregate by the entities' series labels
 * (`sum by (model_name, service) (…)`) rather than one set of queries per
 * entity, so that a grading run over thousands of entities asks Prometheus
 * about ten questions instead of tens of thousands. test:prometheus checks
 * every figure against the per-entity endpoints.
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

/** The serving labels of a target, when all are equality matchers. */
function servingLabels(target: Target): string[] | null {
  if (target.serving.some(m => m.op !== '=')) return null;
  return target.serving.map(m => m.label);
}

/**
 * The labels a target's series are summed by: the source's workload label
 * and the runtime's model label (a service's and a model's default
 * selectors), and any others its annotation selects by; sorted. The same
 * for every default entity, so that every page of a grading run asks the
 * same queries and the kept answers serve them all.
 */
const labelSetOf = (target: Target) =>
  [
    ...new Set([
      target.source.workloadLabel,
      ...(target.runtime
        ? [target.source.runtimes[target.runtime].modelLabel ?? []].flat()
        : []),
      ...servingLabels(target)!,
    ]),
  ].sort();

/**
 * Series aggregated by a group's labels, found by one entity's matchers:
 * the rows whose labels carry every matcher's value, which together are
 * the entity's series (a sum by more labels than an entity selects by
 * splits its sum, never mixes it with another's).
 */
class ByLabels<V> {
  private readonly index = new Map<
    string,
    Map<string, { labels: Record<string, string>; value: V }[]>
  >();

  add(labels: Record<string, string>, value: V) {
    for (const [name, v] of Object.entries(labels)) {
      if (!this.index.has(name)) this.index.set(name, new Map());
      const byValue = this.index.get(name)!;
      if (!byValue.has(v)) byValue.set(v, []);
      byValue.get(v)!.push({ labels, value });
    }
  }

  find(matchers: Matcher[]): V[] {
    const [first, ...rest] = matchers;
    return (this.index.get(first.label)?.get(first.value) ?? [])
      .filter(r => rest.every(m => r.labels[m.label] === m.value))
      .map(r => r.value);
  }
}

/** Per window, the sum of the rows' values (a window no row has stays absent). */
function sumWindows(rows: Map<string, number>[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const row of rows) {
    for (const [w, v] of row) result.set(w, (result.get(w) ?? 0) + v);
  }
  return result;
}

/**
 * Runs `compute` on each group of rows (rows without a group are left
 * out), at once; a group whose data source fails answers its error as each
 * of its rows' problem, and the others go on.
 */
async function perGroup<R extends { key: string }, V>(
  rows: R[],
  groupOf: (row: R) => string | null,
  compute: (group: R[]) => Promise<Map<string, V>>,
): Promise<Map<string, V | { problem: string }>> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groupOf(row);
    if (group === null) continue;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(row);
  }
  const result = new Map<string, V | { problem: string }>();
  await Promise.all(
    [...groups.values()].map(async group => {
      try {
        for (const [key, value] of await compute(group)) {
          result.set(key, value);
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

export class FleetEvidence {
  constructor(
    /** The client of a data source (AiOpsService's, with its day cache). */
    private readonly client: (source: SourceConfig) => PrometheusApi,
    /**
     * Keeps an answer, parsed and indexed, that serves every page of a
     * grading run for a while (AiOpsService: the cache TTL).
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
   * per label set, its value per window.
   */
  private async byWindow(
    source: SourceConfig,
    expr: (range: string) => string,
    labels: string[],
    windows: string[],
    now: Date,
  ): Promise<ByLabels<Map<string, number>>> {
    const union = windows
      .map(w => `label_replace(${expr(w)}, "window", "${w}", "", "")`)
      .join(' or ');
    return this.query(source, union, now, series => {
      const byKey = new Map<string, Map<string, number>>();
      const result = new ByLabels<Map<string, number>>();
      for (const s of series) {
        const v = s.values[0]?.[1];
        if (!Number.isFinite(v)) continue;
        const { window, ...rest } = s.metric;
        const key = labels.map(l => rest[l] ?? '').join(SEP);
        let windowsOf = byKey.get(key);
        if (!windowsOf) {
          windowsOf = new Map();
          byKey.set(key, windowsOf);
          result.add(rest, windowsOf);
        }
        windowsOf.set(window, v);
      }
      return result;
    });
  }

  /**
   * Availability and latency SLOs of many entities (quality SLOs count
   * time slices; their callers compute them one by one): rows are grouped
   * by source, runtime, indicator, window and the labels their series are
   * summed by (labelSetOf: a service's and a model's SLOs alike), and each
   * group is read over every window at once: availability with one query
   * for its requests and one for its errors, latency with one for the
   * buckets at its thresholds and at +Inf. Keys are the rows' own.
   */
  async occurrences(
    rows: { key: string; slo: SloSpec; target: Target }[],
    now: Date,
  ): Promise<Map<string, SloFigures>> {
    const unknownRuntime = rows.filter(r => !r.target.runtime);
    const result = await perGroup(
      rows,
      ({ slo, target }) => {
        if (!target.runtime) return null;
        if (!servingLabels(target)) {
          throw new Error('serving matchers must be equalities');
        }
        return JSON.stringify([
          target.source.id,
          target.runtime,
          slo.indicator.type,
          slo.timeWindow[0].duration,
          labelSetOf(target),
        ]);
      },
      group => this.occurrenceGroup(group, now),
    );
    for (const row of unknownRuntime) {
      result.set(row.key, {
        problem: `the serving runtime is unknown: set indicator.runtime, or annotation ai-refarch.io/runtime on a Component (spec.serving.runtime on an AIModel)`,
      });
    }
    return result;
  }

  private async occurrenceGroup(
    group: { key: string; slo: SloSpec; target: Target }[],
    now: Date,
  ): Promise<Map<string, SloFigures>> {
    const { slo, target } = group[0];
    const { source } = target;
    const m = target.source.runtimes[target.runtime!];
    const labels = labelSetOf(target);
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
    /** A row's good and total requests per window. */
    let good: (row: (typeof group)[number]) => Map<string, number>;
    let total: (row: (typeof group)[number]) => Map<string, number>;
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
      const errorsOf = (row: (typeof group)[number]) =>
        sumWindows(errors.find(row.target.serving));
      total = row => {
        const counted = sumWindows(
          (requests ?? successes)!.find(row.target.serving),
        );
        if (requests) return counted;
        const e = errorsOf(row);
        return new Map([...counted].map(([w, v]) => [w, v + (e.get(w) ?? 0)]));
      };
      good = row => {
        const e = errorsOf(row);
        return new Map(
          [...total(row)].map(([w, v]) => [w, v - (e.get(w) ?? 0)]),
        );
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
          const byLe = new ByLabels<string>();
          for (const s of series) byLe.add(s.metric, s.metric.le);
          return byLe;
        },
      );
      const les = new Map<string, string>();
      for (const row of group) {
        try {
          les.set(
            row.key,
            bucketAt(
              histogram,
              [...new Set(exported.find(row.target.serving))],
              row.slo.objectives[0].value!,
            ),
          );
        } catch (error) {
          if (!(error instanceof SloProblem)) throw error;
          result.set(row.key, { problem: error.message });
        }
      }
      if (!les.size) return result;
      // Good requests from the bucket at each threshold, all requests from
      // the +Inf bucket, which is the histogram's count: one query for both.
      const buckets = await this.byWindow(
        source,
        increase(
          `${histogram.metric}_bucket`,
          [anyOf('le', [...new Set([...les.values(), '+Inf'])])],
          ['le'],
        ),
        [...labels, 'le'],
        windows,
        now,
      );
      total = row =>
        sumWindows(buckets.find([...row.target.serving, eq('le', '+Inf')]));
      good = row =>
        sumWindows(
          buckets.find([...row.target.serving, eq('le', les.get(row.key)!)]),
        );
    }
    for (const row of group) {
      if (result.has(row.key)) continue;
      const {
        good: g,
        total: t,
        attainment,
        status,
      } = occurrenceStatus(
        good(row),
        total(row),
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
  gpu(
    rows: { key: string; target: Target }[],
    now: Date,
    days: number,
  ): Promise<Map<string, GpuFigures | { problem: string }>> {
    return perGroup(
      rows,
      row => (row.target.workloadId ? row.target.source.id : null),
      group => this.gpuGroup(group, now, days),
    );
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
  exported(
    rows: { key: string; target: Target }[],
    now: Date,
    days: number,
  ): Promise<Map<string, boolean | { problem: string }>> {
    return perGroup(
      rows,
      row =>
        JSON.stringify([
          row.target.source.id,
          row.target.runtime,
          labelSetOf(row.target),
        ]),
      async group => {
        const { target } = group[0];
        const labels = labelSetOf(target);
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
        const seen = await this.query(
          target.source,
          `count by (${labels.join(', ')}) (last_over_time(${labelMatchers([
            anyOf('__name__', [...new Set(names)]),
          ])}[${days}d]))`,
          now,
          series => {
            const index = new ByLabels<true>();
            for (const s of series) index.add(s.metric, true);
            return index;
          },
        );
        return new Map(
          group.map(row => [row.key, seen.find(row.target.serving).length > 0]),
        );
      },
    );
  }
}
