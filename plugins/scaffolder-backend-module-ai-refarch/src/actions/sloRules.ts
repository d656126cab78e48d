import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { z } from 'zod/v3';
import { latencyBucket, sloRules } from '../slo/sloRules';
import { withInputErrors } from '../fieldError';
import { resolveInside } from './paths';
import { dnsLabel, parseInput } from './parseInput';
import { examples } from './sloRules.examples';

const metricName = z
  .string()
  .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a Prometheus metric name');

export const sloRulesInput = z.object({
  name: dnsLabel('must be lower-case letters, digits and dashes'),
  service: z.string().min(1).max(253),
  objective: z
    .number()
    .gt(0, 'must be above 0 %')
    .lt(100, 'must be below 100 %'),
  window: z.enum(['7d', '28d', '30d']).default('30d'),
  sli: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('availability'),
      totalMetric: metricName.optional(),
      successMetric: metricName.optional(),
      errorMetric: metricName,
      errorLabels: z
        .record(z.string().min(1))
        .optional()
        .describe('Regular-expression matchers that select the errors'),
    }),
    z.object({
      type: z.literal('latency'),
      histogram: metricName,
      thresholdSeconds: z.number().positive(),
      bucketUnit: z.enum(['seconds', 'milliseconds']).optional(),
      buckets: z
        .array(z.string())
        .optional()
        .describe(
          "The histogram's le labels as the runtime exports them; the threshold is measured at the largest at or below it",
        ),
    }),
  ]),
  serviceLabel: z
    .string()
    .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name')
    .optional(),
  targetPath: z
    .string()
    .default('prometheus/slo-rules.yaml')
    .describe('Where in the workspace to write the rule file'),
  format: z
    .enum(['rule-file', 'prometheus-rule'])
    .default('rule-file')
    .describe(
      'A Prometheus rule file, or a prometheus-operator PrometheusRule manifest',
    ),
  labels: z
    .record(
      z
        .string()
        .max(63)
        .regex(
          /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]?$/,
          'must be a Kubernetes label value',
        ),
    )
    .optional()
    .describe('Labels of the PrometheusRule, e.g. the cost-attribution labels'),
  namespace: dnsLabel('must be a Kubernetes namespace name').optional(),
});

/**
 * `ai-refarch:slo-rules`: Prometheus recording rules and multi-window,
 * multi-burn-rate alerts for one SLO, written into the workspace.
 *
 * @public
 */
export function createSloRulesAction() {
  return createTemplateAction({
    id: 'ai-refarch:slo-rules',
    description:
      'Writes Prometheus recording rules and multi-window multi-burn-rate alerts (page 14.4×/6×, ticket 3×/1×) for an SLO.',
    examples,
    supportsDryRun: true,
    schema: {
      input: () => sloRulesInput,
      output: () =>
        z.object({
          path: z.string(),
          rules: z.string(),
          thresholdSeconds: z
            .number()
            .optional()
            .describe(
              'Latency SLIs: the bucket bound the SLO is measured at, in seconds',
            ),
        }),
    },
    async handler(ctx) {
      const { targetPath, format, labels, namespace, ...spec } = parseInput(
        sloRulesInput,
        ctx.input,
      );
      const target = resolveInside(
        ctx.workspacePath,
        targetPath,
        'targetPath',
        'the workspace',
      );
      const rules = withInputErrors(() => sloRules(spec));
      const manifestName = `${spec.service}-slo-${spec.name}`;
      if (
        format === 'prometheus-rule' &&
        !/^[a-z0-9]([-a-z0-9]{0,251}[a-z0-9])?$/.test(manifestName)
      ) {
        throw new InputError(
          `service: must be lower-case letters, digits and dashes to name the PrometheusRule "${manifestName}"`,
        );
      }
      const text = yaml.stringify(
        format === 'rule-file'
          ? rules
          : {
              apiVersion: 'monitoring.coreos.com/v1',
              kind: 'PrometheusRule',
              metadata: {
                name: manifestName,
                ...(namespace ? { namespace } : {}),
                ...(labels ? { labels } : {}),
              },
              spec: rules,
            },
      );
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
      ctx.output('path', relative(ctx.workspacePath, target));
      ctx.output('rules', text);
      if (spec.sli.type === 'latency') {
        const { thresholdSeconds } = latencyBucket(spec.sli);
        if (thresholdSeconds !== spec.sli.thresholdSeconds) {
          ctx.logger.info(
            `${spec.sli.histogram} has no bucket at ${spec.sli.thresholdSeconds} s: the SLO counts requests within ${thresholdSeconds} s, the largest bucket below`,
          );
        }
        ctx.output('thresholdSeconds', thresholdSeconds);
      }
    },
  });
}
