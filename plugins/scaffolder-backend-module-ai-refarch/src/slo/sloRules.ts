/**
 * Prometheus recording rules and multi-window, multi-burn-rate alerts for an
 * SLO, after the Google SRE workbook: page at 14.4× over 1 h and 5 m or 6×
 * over 6 h and 30 m; ticket at 3× over 1 d and 2 h or 1× over 3 d and 6 h.
 */

import { promqlString } from '@ai-refarch/plugin-ai-ops-common';
import { FieldError } from '../fieldError';

export type SloSpec = {
  /** Name of the SLO, e.g. availability; becomes a label. */
  name: string;
  /** The service the SLO is for; becomes a label and selects the series. */
  service: string;
  /** Target in percent, e.g. 99.5. */
  objective: number;
  window: '7d' | '28d' | '30d';
  sli:
    | {
        type: 'availability';
        /** Counter of all requests; or give successMetric instead. */
        totalMetric?: string;
        /** Counter of successful requests; total = errors + successes. */
        successMetric?: string;
        /** Counter of failed requests. */
        errorMetric: string;
        /**
         * Regular-expression label matchers that pick the errors out of
         * errorMetric, e.g. { status: '5..' } on http_requests_total.
         */
        errorLabels?: Record<string, string>;
      }
    | {
        type: 'latency';
        /** Histogram base name, e.g. vllm:time_to_first_token_seconds. */
        histogram: string;
        /** The bucket boundary the requests must finish within, in seconds. */
        thresholdSeconds: number;
        /** The unit of the histogram's buckets (Triton's are milliseconds). */
        bucketUnit?: 'seconds' | 'milliseconds';
        /**
         * The histogram's `le` labels exactly as the runtime exports them.
         * The threshold is measured at the largest bucket at or below it,
         * so the SLO is never looser than asked; without them, at the
         * threshold itself, written as Go and Python write that number.
         */
        buckets?: readonly string[];
      };
  /** The label that carries the service name on the series. Default `service`. */
  serviceLabel?: string;
};

export const BURN_WINDOWS = [
  '5m',
  '30m',
  '1h',
  '2h',
  '6h',
  '1d',
  '3d',
] as const;

export const ALERTS = [
  { severity: 'page', factor: 14.4, long: '1h', short: '5m' },
  { severity: 'page', factor: 6, long: '6h', short: '30m' },
  { severity: 'ticket', factor: 3, long: '1d', short: '2h' },
  { severity: 'ticket', factor: 1, long: '3d', short: '6h' },
] as const;

/**
 * The bucket a latency SLO counts good requests in: its `le` matcher and
 * the threshold it stands for, in seconds. A histogram only counts
 * requests at its bucket bounds, and a query must name the bound as the
 * exporter writes it (vLLM `1.0`, Triton `1000`, TGI `0.7481827642679213`):
 * `le="1"` selects nothing from vLLM, and the alerts built on it never fire.
 */
export function latencyBucket(
  sli: Extract<SloSpec['sli'], { type: 'latency' }>,
): { matcher: string; thresholdSeconds: number } {
  if (!(sli.thresholdSeconds > 0)) {
    throw new FieldError(
      'sli.thresholdSeconds',
      'must be a positive number of seconds',
    );
  }
  const scale = sli.bucketUnit === 'milliseconds' ? 1000 : 1;
  const wanted = sli.thresholdSeconds * scale;
  if (!sli.buckets) {
    // 1 is written 1 by Go's and Rust's exporters and 1.0 by Python's.
    const plain = String(Number(wanted.toPrecision(15)));
    return {
      matcher: Number.isInteger(wanted)
        ? `le=~${promqlString(`${plain}|${plain}\\.0`)}`
        : `le=${promqlString(plain)}`,
      thresholdSeconds: sli.thresholdSeconds,
    };
  }
  const bounds = sli.buckets
    .filter(b => b !== '+Inf' && Number.isFinite(Number(b)))
    .sort((a, b) => Number(a) - Number(b));
  if (bounds.length === 0) {
    throw new FieldError('sli.buckets', 'holds no finite bucket bound');
  }
  // Tolerate the float error of seconds × 1000.
  const below = bounds.filter(b => Number(b) <= wanted * (1 + 1e-9));
  const le = below[below.length - 1];
  if (le === undefined) {
    throw new FieldError(
      'sli.thresholdSeconds',
      `${sli.thresholdSeconds} s is below ${sli.histogram}'s smallest bucket, ${
        Number(bounds[0]) / scale
      } s: a request cannot be counted as that fast`,
    );
  }
  return {
    matcher: `le=${promqlString(le)}`,
    thresholdSeconds: Number(le) / scale,
  };
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SLO_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

type Rule = Record<string, unknown>;

export function sloRules(spec: SloSpec): {
  groups: { name: string; rules: Rule[] }[];
} {
  if (!SLO_NAME.test(spec.name)) {
    throw new FieldError(
      'name',
      'must be lower-case letters, digits and dashes',
    );
  }
  if (!(spec.objective > 0 && spec.objective < 100)) {
    throw new FieldError(
      'objective',
      `must be a percentage between 0 and 100 (exclusive), got ${spec.objective}`,
    );
  }
  const serviceLabel = spec.serviceLabel ?? 'service';
  if (!LABEL_NAME.test(serviceLabel)) {
    throw new FieldError(
      'serviceLabel',
      `"${serviceLabel}" is not a Prometheus label name`,
    );
  }
  const selector = `{${serviceLabel}=${promqlString(spec.service)}}`;
  const labels = { slo: spec.name, [serviceLabel]: spec.service };
  const budget = Number((1 - spec.objective / 100).toFixed(10));

  const errorRatio = (w: string): string => {
    if (spec.sli.type === 'availability') {
      const sli = spec.sli;
      if (!sli.totalMetric === !sli.successMetric) {
        throw new FieldError(
          'sli.totalMetric',
          'give either totalMetric or successMetric',
        );
      }
      for (const field of [
        'totalMetric',
        'successMetric',
        'errorMetric',
      ] as const) {
        const metric = sli[field];
        if (metric !== undefined && !METRIC_NAME.test(metric)) {
          throw new FieldError(
            `sli.${field}`,
            `"${metric}" is not a Prometheus metric name`,
          );
        }
      }
      const matchers = Object.entries(sli.errorLabels ?? {}).map(
        ([label, pattern]) => {
          if (!LABEL_NAME.test(label) || label === serviceLabel) {
            throw new FieldError(
              'sli.errorLabels',
              `"${label}" is not a Prometheus label name other than ${serviceLabel}`,
            );
          }
          return `,${label}=~${promqlString(pattern)}`;
        },
      );
      const errors = `sum(rate(${
        sli.errorMetric
      }{${serviceLabel}=${promqlString(spec.service)}${matchers.join(
        '',
      )}}[${w}]))`;
      const total = sli.totalMetric
        ? `sum(rate(${sli.totalMetric}${selector}[${w}]))`
        : `(${errors} + sum(rate(${sli.successMetric}${selector}[${w}])))`;
      return `${errors} / ${total}`;
    }
    if (!METRIC_NAME.test(spec.sli.histogram)) {
      throw new FieldError(
        'sli.histogram',
        `"${spec.sli.histogram}" is not a Prometheus metric name`,
      );
    }
    const bucketSelector = `{${serviceLabel}=${promqlString(spec.service)},${
      latencyBucket(spec.sli).matcher
    }}`;
    return `1 - (sum(rate(${spec.sli.histogram}_bucket${bucketSelector}[${w}])) / sum(rate(${spec.sli.histogram}_count${selector}[${w}])))`;
  };

  const record = (w: string) => `slo:sli_error:ratio_rate${w}`;
  const recording: Rule[] = BURN_WINDOWS.map(w => ({
    record: record(w),
    expr: errorRatio(w),
    labels,
  }));
  const ruleSelector = `{slo=${promqlString(
    spec.name,
  )},${serviceLabel}=${promqlString(spec.service)}}`;
  const alerts: Rule[] = ['page', 'ticket'].map(severity => {
    const conditions = ALERTS.filter(a => a.severity === severity).map(
      a =>
        `(${record(a.long)}${ruleSelector} > (${
          a.factor
        } * ${budget}) and ${record(a.short)}${ruleSelector} > (${
          a.factor
        } * ${budget}))`,
    );
    return {
      alert: `SLOErrorBudgetBurn${severity === 'page' ? 'Fast' : 'Slow'}`,
      expr: conditions.join(' or '),
      for: severity === 'page' ? '2m' : '15m',
      labels: { ...labels, severity },
      annotations: {
        summary: `${spec.service}: ${spec.name} SLO (${spec.objective}% over ${
          spec.window
        }) is burning its error budget ${
          severity === 'page' ? 'fast' : 'steadily'
        }`,
        description: `Burn rate above ${ALERTS.filter(
          a => a.severity === severity,
        )
          .map(a => `${a.factor}× over ${a.long} and ${a.short}`)
          .join(', or ')}.`,
      },
    };
  });
  return {
    groups: [
      { name: `slo-${spec.service}-${spec.name}-recording`, rules: recording },
      { name: `slo-${spec.service}-${spec.name}-alerts`, rules: alerts },
    ],
  };
}
