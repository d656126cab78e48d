import {
  SERVING_ENGINES,
  ServingEngine,
} from '@ai-refarch/plugin-ai-model-common';
import { z } from 'zod';

/** The SLIs the back end knows how to compute from a serving runtime's metrics. @public */
export const SLI_TYPES = [
  'availability',
  'ttft',
  'inter-token-latency',
  'quality',
] as const;

/** @public */
export type SliType = (typeof SLI_TYPES)[number];

/** The serving runtimes whose metrics the SLIs are built from: the serving engines. @public */
export const RUNTIMES = SERVING_ENGINES;

/** @public */
export type Runtime = ServingEngine;

/** Rolling windows an SLO can be measured over, in days. @public */
export const SLO_WINDOWS = { '7d': 7, '28d': 28, '30d': 30 } as const;

/** @public */
export type SloWindow = keyof typeof SLO_WINDOWS;

const metricName = z
  .string()
  .regex(
    /^[a-zA-Z_:][a-zA-Z0-9_:]*$/,
    'must be a Prometheus metric name (letters, digits, _ and :)',
  );

const objective = z
  .object({
    displayName: z.string().max(100).optional(),
    /** The share of good events (or good time slices), e.g. 0.995. */
    target: z
      .number({ error: 'must be a number' })
      .gt(0, 'must be above 0')
      .lt(1, 'must be below 1 (0.995 means 99.5 %)'),
    op: z.enum(['lte', 'gte']).optional(),
    /** Latency SLIs: seconds; quality: the lowest acceptable score. */
    value: z.number({ error: 'must be a number' }).positive().optional(),
    timeSliceWindow: z.enum(['5m', '1h']).optional(),
  })
  .strict();

/**
 * One SLO as declared in `spec.slos` of a Component or AIModel: the subset
 * of OpenSLO v1's SLO spec that AI serving needs, with the indicator named
 * by type instead of by PromQL (the back end builds the queries from the
 * runtime's metrics, so that no query text comes from an entity).
 *
 * @public
 */
export const sloSpecSchema = z
  .object({
    name: z
      .string({ error: 'is required' })
      .regex(
        /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
        'must be lowercase letters, digits and dashes, at most 63',
      ),
    displayName: z.string().max(100).optional(),
    description: z.string().max(1000).optional(),
    indicator: z
      .object({
        type: z.enum(SLI_TYPES, {
          error: `must be one of ${SLI_TYPES.join(', ')}`,
        }),
        runtime: z
          .enum(RUNTIMES, { error: `must be one of ${RUNTIMES.join(', ')}` })
          .optional(),
        /** quality: the evaluation score series, e.g. ragas_faithfulness. */
        metric: metricName.optional(),
        /**
         * quality: where the scores come from, the Prometheus series in
         * `metric` (default) or the online evaluations in the entity's trace
         * back end (`ai-refarch.io/tracing`), named by `score`.
         */
        source: z
          .enum(['prometheus', 'tracing'], {
            error: 'must be prometheus or tracing',
          })
          .optional(),
        /** quality from tracing: the evaluation's name, e.g. hallucination. */
        score: z
          .string()
          .trim()
          .min(1, 'must name the evaluation')
          .max(200, 'at most 200 characters')
          .optional(),
      })
      .strict(),
    timeWindow: z
      .array(
        z
          .object({
            duration: z.enum(Object.keys(SLO_WINDOWS) as [SloWindow], {
              error: 'must be 7d, 28d or 30d',
            }),
            isRolling: z.literal(true, {
              error: 'must be true: only rolling windows are supported',
            }),
          })
          .strict(),
      )
      .length(1, 'must hold exactly one rolling window'),
    budgetingMethod: z.enum(['Occurrences', 'Timeslices']).optional(),
    objectives: z.array(objective).length(1, 'must hold exactly one objective'),
  })
  .strict()
  .superRefine((slo, ctx) => {
    const [o] = slo.objectives;
    // zod still runs this when a field failed; the field's issue says enough.
    if (!o || !slo.indicator) return;
    const type = slo.indicator.type;
    const issue = (path: PropertyKey[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (type === 'availability') {
      if (o.value !== undefined) {
        issue(['objectives', 0, 'value'], 'availability takes only a target');
      }
    } else if (type === 'quality') {
      if (slo.indicator.source === 'tracing') {
        if (!slo.indicator.score) {
          issue(
            ['indicator', 'score'],
            "quality from tracing needs the evaluation's name, e.g. faithfulness",
          );
        }
        if (slo.indicator.metric) {
          issue(
            ['indicator', 'metric'],
            'quality from tracing reads indicator.score, not a Prometheus series',
          );
        }
        if (o.timeSliceWindow !== '1h') {
          issue(
            ['objectives', 0, 'timeSliceWindow'],
            'quality from tracing is measured in 1h slices (the back ends average scores per hour)',
          );
        }
      } else if (!slo.indicator.metric) {
        issue(
          ['indicator', 'metric'],
          'quality needs the evaluation score series',
        );
      }
      if (o.op !== 'gte' || o.value === undefined) {
        issue(
          ['objectives', 0],
          'quality needs op: gte and the lowest acceptable score as value',
        );
      }
      if (slo.budgetingMethod && slo.budgetingMethod !== 'Timeslices') {
        issue(['budgetingMethod'], 'quality is measured in Timeslices');
      }
    } else {
      if (o.op !== 'lte' || o.value === undefined) {
        issue(
          ['objectives', 0],
          `${type} needs op: lte and the latency in seconds as value`,
        );
      }
      if (
        type === 'inter-token-latency' &&
        slo.indicator.runtime === 'triton'
      ) {
        issue(
          ['indicator', 'runtime'],
          'Triton exports no inter-token latency histogram',
        );
      }
    }
    if (type !== 'quality' && slo.indicator.source) {
      issue(['indicator', 'source'], `only quality SLOs take a source`);
    }
    if (type !== 'quality' && slo.indicator.score) {
      issue(['indicator', 'score'], `only quality SLOs take a score`);
    }
    if (type !== 'quality' && slo.budgetingMethod === 'Timeslices') {
      issue(['budgetingMethod'], `${type} is measured in Occurrences`);
    }
  });

/** @public */
export type SloSpec = z.output<typeof sloSpecSchema>;

/** A field of an entity that is wrong, with the path that names it. @public */
export type SpecError = { field: string; message: string };

function fieldPath(prefix: string, path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) =>
      typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`,
    prefix,
  );
}

/**
 * Reads and checks `spec.slos` of an entity. Every problem names its field
 * (`spec.slos[1].objectives[0].target: must be below 1 …`).
 *
 * @public
 */
export function parseSlos(entity: { spec?: unknown }): {
  slos: SloSpec[];
  errors: SpecError[];
} {
  const raw = (entity.spec as { slos?: unknown } | undefined)?.slos;
  if (raw === undefined) return { slos: [], errors: [] };
  if (!Array.isArray(raw)) {
    return {
      slos: [],
      errors: [{ field: 'spec.slos', message: 'must be a list of SLOs' }],
    };
  }
  const slos: SloSpec[] = [];
  const errors: SpecError[] = [];
  raw.forEach((item, i) => {
    const result = sloSpecSchema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const keys =
          issue.code === 'unrecognized_keys'
            ? `: ${issue.keys.join(', ')}`
            : '';
        errors.push({
          field: fieldPath(`spec.slos[${i}]`, issue.path),
          message:
            issue.code === 'unrecognized_keys'
              ? `unknown field${keys}`
              : issue.message,
        });
      }
      return;
    }
    if (slos.some(s => s.name === result.data.name)) {
      errors.push({
        field: `spec.slos[${i}].name`,
        message: `${result.data.name} is declared twice`,
      });
      return;
    }
    slos.push(result.data);
  });
  return { slos, errors };
}
