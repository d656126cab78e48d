import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CHAPTER_IDS } from './chapters';
import { DEFAULT_COVERAGE_THRESHOLD } from './grade';

const FACT_NAME = /^[a-z][a-z0-9]*(\.[A-Za-z0-9_-]+)+$/;

/** The schema of one comparison in a rule's check. @public */
export const comparisonSchema = z
  .object({
    fact: z
      .string()
      .regex(
        FACT_NAME,
        'must be a namespaced fact name such as catalog.entity',
      ),
    path: z.string().min(1).optional(),
    op: z.enum([
      'exists',
      'absent',
      'equals',
      'notEquals',
      'in',
      'notIn',
      'gte',
      'lte',
      'matches',
      'contains',
      'nonEmpty',
      'empty',
      'everyHas',
    ]),
    value: z.unknown().optional(),
    /** Compare with the rule's threshold (as layered for the entity) instead of a value. */
    threshold: z.literal(true).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const needsValue = !['exists', 'absent', 'nonEmpty', 'empty'].includes(
      c.op,
    );
    if (c.threshold) {
      if (c.value !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: 'a comparison with the threshold takes no value',
        });
      }
      if (c.op !== 'gte' && c.op !== 'lte') {
        ctx.addIssue({
          code: 'custom',
          path: ['threshold'],
          message: 'only gte and lte compare with a threshold',
        });
      }
      return;
    }
    if (needsValue && c.value === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `op ${c.op} needs a value`,
      });
    }
    if ((c.op === 'in' || c.op === 'notIn') && !Array.isArray(c.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `op ${c.op} needs a list`,
      });
    }
    if ((c.op === 'gte' || c.op === 'lte') && typeof c.value !== 'number') {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `op ${c.op} needs a number`,
      });
    }
    if (c.op === 'matches') {
      try {
        RegExp(String(c.value));
      } catch (e) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `not a regular expression: ${(e as Error).message}`,
        });
      }
    }
  });

/** A comparison of one fact with a value or the rule's threshold. @public */
export type Comparison = z.infer<typeof comparisonSchema>;

/** A check: a comparison on one fact, or all / any / not of checks. @public */
export type Check =
  | Comparison
  | { all: Check[] }
  | { any: Check[] }
  | { not: Check };

const check: z.ZodType<Check> = z.lazy(() =>
  z.union([
    comparisonSchema,
    z.object({ all: z.array(check).min(1) }).strict(),
    z.object({ any: z.array(check).min(1) }).strict(),
    z.object({ not: check }).strict(),
  ]),
);

const ruleId = z
  .string()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$/,
    'must look like chapter.rule-name, lower case',
  );

/** @public */
export const ruleSchema = z
  .object({
    id: ruleId,
    chapter: z.enum(CHAPTER_IDS),
    title: z.string().min(5),
    rationale: z.string().min(10),
    weight: z.number().int().min(1).max(10),
    severity: z.enum(['low', 'medium', 'high', 'critical']),
    appliesTo: z
      .object({
        kinds: z.array(z.string().min(1)).min(1),
        types: z.array(z.string().min(1)).optional(),
        lifecycles: z.array(z.string().min(1)).optional(),
        dataClassifications: z.array(z.string().min(1)).optional(),
        annotations: z.array(z.string().min(1)).optional(),
        /** Any of these tags. */
        tags: z.array(z.string().min(1)).min(1).optional(),
        /** Depends on an entity of any of these kinds (spec.dependsOn or relations). */
        dependsOnKinds: z.array(z.string().min(1)).min(1).optional(),
      })
      .strict(),
    check,
    /**
     * The number the rule's `threshold: true` comparisons use, in layers:
     * this value, replaced in app-config (aiScorecard.rules.overrides), and
     * per entity by the annotation `threshold.ai-refarch.io/<rule id>`
     * within min–max (no per-entity value without a range).
     */
    threshold: z
      .object({
        value: z.number(),
        min: z.number().optional(),
        max: z.number().optional(),
      })
      .strict()
      .superRefine((t, ctx) => {
        if (
          (t.min !== undefined && t.value < t.min) ||
          (t.max !== undefined && t.value > t.max)
        ) {
          ctx.addIssue({
            code: 'custom',
            path: ['value'],
            message: `must lie within min–max (${t.min ?? '…'}–${
              t.max ?? '…'
            })`,
          });
        }
      })
      .optional(),
    remediation: z
      .object({
        text: z.string().min(10),
        template: z
          .string()
          .regex(/^[a-z0-9-]+$/)
          .optional(),
        link: z.string().url().optional(),
      })
      .strict(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (usesThreshold(rule.check) && !rule.threshold) {
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: 'the check compares with the threshold, so the rule needs one',
      });
    }
  });

/**
 * Whether a check compares with the rule's threshold anywhere.
 *
 * @public
 */
export function usesThreshold(c: Check): boolean {
  if ('all' in c) return c.all.some(usesThreshold);
  if ('any' in c) return c.any.some(usesThreshold);
  if ('not' in c) return usesThreshold(c.not);
  return c.threshold === true;
}

/** One rule of the reference architecture. @public */
export type Rule = z.infer<typeof ruleSchema>;

const coverageThreshold = z
  .number()
  .min(0, 'must be a percentage from 0 to 100')
  .max(100, 'must be a percentage from 0 to 100');

/** @public */
export const ruleSetSchema = z
  .object({
    version: z
      .string()
      .regex(
        /^\d{4}\.\d{1,2}\.\d+$/,
        'must be a calendar version such as 2026.11.0',
      ),
    /** Percent of the applicable weight that evidence must decide for a letter grade. */
    coverageThreshold: coverageThreshold.default(DEFAULT_COVERAGE_THRESHOLD),
    rules: z.array(ruleSchema).min(1),
  })
  .strict();

/** A versioned rule set. @public */
export type RuleSet = z.infer<typeof ruleSetSchema>;

/** A rule set override from app-config, applied to the reference rules. @public */
export type RuleSetOverrides = {
  /** Rules to drop, by id. */
  disabled?: string[];
  /** Changes to existing rules (weight, severity, appliesTo, remediation, ...), by id. */
  overrides?: Record<string, Partial<Omit<Rule, 'id'>>>;
  /** An organisation's own rules, added to the set. */
  extra?: unknown[];
  /** Replaces the rule set's coverage threshold, in percent. */
  coverageThreshold?: number;
};

function describeIssues(
  error: z.ZodError,
  prefix: (path: PropertyKey[]) => string,
) {
  return error.issues.map(i => `${prefix(i.path)}: ${i.message}`).join('; ');
}

function pathText(path: PropertyKey[]): string {
  return path
    .map((p, i) =>
      typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`,
    )
    .join('');
}

/**
 * Parses and validates a rule set, applying an organisation's overrides;
 * throws an Error naming the rule and the field at fault.
 *
 * @public
 */
export function parseRuleSet(
  source: string | unknown,
  overrides: RuleSetOverrides = {},
): RuleSet {
  const raw = typeof source === 'string' ? parseYaml(source) : source;
  const base = ruleSetSchema.safeParse(raw);
  if (!base.success) {
    throw new Error(
      `Invalid rule set: ${describeIssues(
        base.error,
        p => pathText(p) || 'rule set',
      )}`,
    );
  }
  const ids = new Set<string>();
  for (const rule of base.data.rules) {
    if (ids.has(rule.id))
      throw new Error(`Invalid rule set: rule ${rule.id} is defined twice`);
    ids.add(rule.id);
  }
  for (const id of [
    ...(overrides.disabled ?? []),
    ...Object.keys(overrides.overrides ?? {}),
  ]) {
    if (!ids.has(id))
      throw new Error(`Invalid rule set override: there is no rule ${id}`);
  }
  const disabled = new Set(overrides.disabled ?? []);
  const rules: Rule[] = [];
  for (const rule of base.data.rules) {
    if (disabled.has(rule.id)) continue;
    const patch = overrides.overrides?.[rule.id];
    if (!patch) {
      rules.push(rule);
      continue;
    }
    const merged = ruleSchema.safeParse({ ...rule, ...patch, id: rule.id });
    if (!merged.success) {
      throw new Error(
        `Invalid rule set override for ${rule.id}: ${describeIssues(
          merged.error,
          pathText,
        )}`,
      );
    }
    rules.push(merged.data);
  }
  for (const [i, extra] of (overrides.extra ?? []).entries()) {
    const parsed = ruleSchema.safeParse(extra);
    if (!parsed.success) {
      throw new Error(
        `Invalid extra rule [${i}]: ${describeIssues(parsed.error, pathText)}`,
      );
    }
    if (ids.has(parsed.data.id)) {
      throw new Error(
        `Invalid extra rule [${i}]: ${parsed.data.id} already exists; override it instead`,
      );
    }
    ids.add(parsed.data.id);
    rules.push(parsed.data);
  }
  let threshold = base.data.coverageThreshold;
  if (overrides.coverageThreshold !== undefined) {
    const parsed = coverageThreshold.safeParse(overrides.coverageThreshold);
    if (!parsed.success) {
      throw new Error(
        `Invalid coverageThreshold ${JSON.stringify(
          overrides.coverageThreshold,
        )}: ${parsed.error.issues[0].message}`,
      );
    }
    threshold = parsed.data;
  }
  return { version: base.data.version, coverageThreshold: threshold, rules };
}
