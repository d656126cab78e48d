import { createHash } from 'node:crypto';
import {
  Check,
  EntityScorecard,
  FactSource,
  missingFactReason,
  ResultEvidence,
  RuleResult,
  RuleSet,
  summarize,
} from '@ai-refarch/plugin-ai-scorecard-common';

type Comparison = Extract<Check, { fact: string }>;

/**
 * What a scorecard's evidence repeats from the rule set it was graded
 * against: each rule's chapter and weight, and the comparisons of its check
 * in the order they are evaluated (one piece of evidence each). Stored once
 * per distinct rule set, so that each scorecard keeps only what the entity's
 * facts decided: statuses, outcomes and actual values.
 */
export type RuleSetShape = {
  /** Absent in shapes stored before coverage was graded: the default then. */
  coverageThreshold?: number;
  rules: {
    id: string;
    chapter: RuleResult['chapter'];
    weight: number;
    /** The platform's threshold, for rules that have one. */
    threshold?: number;
    comparisons: Omit<ResultEvidence, 'actual' | 'outcome'>[];
  }[];
};

function comparisons(check: Check): Comparison[] {
  if ('all' in check) return check.all.flatMap(comparisons);
  if ('any' in check) return check.any.flatMap(comparisons);
  if ('not' in check) return comparisons(check.not);
  return [check];
}

/** The shape of a rule set and its fingerprint (which changes with any rule, override or extra rule). */
export function ruleSetShape(ruleSet: RuleSet): {
  fingerprint: string;
  shape: RuleSetShape;
  text: string;
} {
  const shape: RuleSetShape = {
    coverageThreshold: ruleSet.coverageThreshold,
    rules: ruleSet.rules.map(rule => ({
      id: rule.id,
      chapter: rule.chapter,
      weight: rule.weight,
      threshold: rule.threshold?.value,
      comparisons: comparisons(rule.check).map(c => ({
        fact: c.fact,
        path: c.path,
        op: c.op,
        expected: c.threshold ? rule.threshold?.value : c.value,
      })),
    })),
  };
  const text = JSON.stringify(shape);
  const fingerprint = createHash('sha256')
    .update(text)
    .digest('hex')
    .slice(0, 32);
  return { fingerprint, shape, text };
}

/**
 * A stored result, by the index of its rule in the rule set: 0 when the rule
 * does not apply; else its status, each comparison's outcome (and actual
 * value when there was one), and the waiver; or the whole result when it
 * does not line up with the rule set.
 */
type PackedResult =
  | 0
  | [
      RuleResult['status'],
      ([outcome: string] | [outcome: string, actual: unknown])[],
    ]
  | [
      RuleResult['status'],
      ([outcome: string] | [outcome: string, actual: unknown])[],
      RuleResult['waiver'],
    ]
  | RuleResult;

/**
 * Where each fact came from: 0 for a fact no collector supplied, whose
 * reason `missingFactReason` gives again (the same long sentence in almost
 * every scorecard).
 */
type PackedFacts = Record<string, FactSource | 0>;

type Packed = {
  ruleSet: string;
  results: PackedResult[];
  facts: PackedFacts;
};

function packFacts(facts: EntityScorecard['facts']): PackedFacts {
  const packed: PackedFacts = {};
  for (const name in facts) {
    if (!Object.hasOwn(facts, name)) continue;
    const f = facts[name];
    packed[name] =
      f.source === 'none' &&
      f.observedAt === undefined &&
      f.reason === missingFactReason(name)
        ? 0
        : f;
  }
  return packed;
}

function unpackFacts(packed: PackedFacts): EntityScorecard['facts'] {
  const facts: EntityScorecard['facts'] = {};
  for (const name in packed) {
    if (!Object.hasOwn(packed, name)) continue;
    const f = packed[name];
    facts[name] =
      f === 0 ? { source: 'none', reason: missingFactReason(name) } : f;
  }
  return facts;
}

/** A scorecard as stored: see `PackedResult`. */
export function pack(
  scorecard: EntityScorecard,
  fingerprint: string,
  shape: RuleSetShape,
): string {
  const packed: Packed = {
    ruleSet: fingerprint,
    results: scorecard.results.map((r, i): PackedResult => {
      const rule = shape.rules[i];
      if (rule?.id !== r.ruleId) return r;
      if (r.status === 'not-applicable') return 0;
      if (rule.comparisons.length !== r.evidence.length) return r;
      // An entity's own threshold, or a refused one, is kept whole.
      if (
        r.threshold &&
        (r.threshold.source !== 'platform' || r.threshold.refused)
      )
        return r;
      const evidence = r.evidence.map((e): [string] | [string, unknown] =>
        e.actual === undefined ? [e.outcome] : [e.outcome, e.actual],
      );
      return r.waiver ? [r.status, evidence, r.waiver] : [r.status, evidence];
    }),
    facts: packFacts(scorecard.facts),
  };
  return JSON.stringify(packed);
}

/** The fingerprint of the rule set a stored scorecard needs; none for the first format. */
export function packedRuleSet(text: string): string | undefined {
  return /^\{"ruleSet":"([0-9a-f]+)"/.exec(text)?.[1];
}

/** The scorecard again, from what `pack` stored and the rule set's shape. */
export function unpack(
  entityRef: string,
  text: string,
  shape: RuleSetShape | undefined,
): EntityScorecard {
  if (!shape) return unpackFirstFormat(JSON.parse(text));
  const packed: Packed = JSON.parse(text);
  const results = packed.results.map((r, i): RuleResult => {
    if (r !== 0 && !Array.isArray(r)) return r;
    const rule = shape.rules[i];
    const base = {
      ruleId: rule.id,
      chapter: rule.chapter,
      weight: rule.weight,
    };
    if (r === 0) return { ...base, status: 'not-applicable', evidence: [] };
    const [status, evidence, waiver] = r;
    const result: RuleResult = {
      ...base,
      status,
      evidence: evidence.map(([outcome, ...actual], j) => {
        const c = rule.comparisons[j];
        const e: ResultEvidence = { fact: c.fact } as ResultEvidence;
        if (c.path !== undefined) e.path = c.path;
        e.op = c.op;
        if (c.expected !== undefined) e.expected = c.expected;
        if (actual.length) e.actual = actual[0];
        e.outcome = outcome as ResultEvidence['outcome'];
        return e;
      }),
    };
    if (waiver) result.waiver = waiver;
    if (rule.threshold !== undefined)
      result.threshold = { value: rule.threshold, source: 'platform' };
    return result;
  });
  return {
    entityRef,
    ...summarize(results, shape.coverageThreshold),
    results,
    facts: unpackFacts(packed.facts),
  };
}

/**
 * The first stored format (before 2026-11-28): the whole scorecard, with
 * not-applicable results as [ruleId, chapter, weight].
 */
function unpackFirstFormat(stored: any): EntityScorecard {
  const results = stored.results.map(
    (r: RuleResult | [string, RuleResult['chapter'], number]): RuleResult =>
      Array.isArray(r)
        ? {
            ruleId: r[0],
            chapter: r[1],
            weight: r[2],
            status: 'not-applicable',
            evidence: [],
          }
        : r,
  );
  return { ...stored, ...summarize(results), results };
}
