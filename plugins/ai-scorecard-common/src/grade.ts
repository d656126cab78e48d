import { CHAPTERS, ChapterId } from './chapters';
import { evaluateInto, FactSource, Facts, ResultEvidence } from './evaluate';
import { Rule } from './ruleSet';
import { LABEL_DATA_CLASSIFICATION } from './annotations';

/** @public */
export type RuleStatus =
  | 'pass'
  | 'fail'
  | 'unknown'
  | 'waived'
  | 'not-applicable';

/** A letter grade, from a score. @public */
export type LetterGrade = 'A' | 'B' | 'C' | 'D' | 'F';

/**
 * A letter grade, or `Incomplete` when evidence decided less of the
 * applicable rules' weight than the coverage threshold: the score so far
 * is not a grade, however good it looks.
 *
 * @public
 */
export type Grade = LetterGrade | 'Incomplete';

/** Every grade, best first, Incomplete last. @public */
export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D', 'F', 'Incomplete'];

/**
 * The share of the applicable rules' weight, in percent, that evidence must
 * decide (passed, failed or waived rather than unknown) before a letter
 * grade is given, unless the rule set or `aiScorecard.coverageThreshold`
 * says otherwise.
 *
 * @public
 */
export const DEFAULT_COVERAGE_THRESHOLD = 75;

/** An exception to one rule for one entity, until it expires. @public */
export type Waiver = {
  entityRef: string;
  ruleId: string;
  reason: string;
  author: string;
  /** ISO 8601; the waiver stops applying at this time by itself. */
  expiresAt: string;
};

/**
 * The threshold a rule was graded at for one entity: the platform's (the
 * rule set with app-config's overrides) or the entity's own, from its
 * `threshold.ai-refarch.io/<rule id>` annotation within the allowed range.
 *
 * @public
 */
export type AppliedThreshold = {
  value: number;
  source: 'platform' | 'annotation';
  /** Why the entity's annotation was not used, when it was not. */
  refused?: string;
};

/** @public */
export type RuleResult = {
  ruleId: string;
  chapter: ChapterId;
  status: RuleStatus;
  weight: number;
  evidence: ResultEvidence[];
  waiver?: Waiver;
  /** Only for rules that have a threshold. */
  threshold?: AppliedThreshold;
};

/** The annotation with which an entity sets its own threshold for one rule. @public */
export const thresholdAnnotation = (ruleId: string) =>
  `threshold.ai-refarch.io/${ruleId}`;

/**
 * A rule's threshold for one entity, in layers: the platform's value, or
 * the entity's annotation when the rule allows a range and the value lies
 * in it. A refused annotation says why, and the platform's value applies.
 *
 * @public
 */
export function thresholdFor(
  rule: Rule,
  entity: ScoredEntity,
): AppliedThreshold | undefined {
  const t = rule.threshold;
  if (!t) return undefined;
  const key = thresholdAnnotation(rule.id);
  const raw = entity.metadata.annotations?.[key];
  if (raw === undefined) return { value: t.value, source: 'platform' };
  const refuse = (why: string): AppliedThreshold => ({
    value: t.value,
    source: 'platform',
    refused: `${key}: ${why}; graded at the platform's ${t.value}`,
  });
  if (t.min === undefined && t.max === undefined) {
    return refuse('the platform does not let entities set this threshold');
  }
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value)) {
    return refuse(`${JSON.stringify(raw)} is not a number`);
  }
  if (
    (t.min !== undefined && value < t.min) ||
    (t.max !== undefined && value > t.max)
  ) {
    return refuse(
      `${value} is outside ${t.min ?? '…'}–${
        t.max ?? '…'
      }, the range the platform allows`,
    );
  }
  return { value, source: 'annotation' };
}

/** @public */
export type ChapterScore = {
  chapter: ChapterId;
  /**
   * Passed weight over applicable, unwaived weight (unknown earns nothing),
   * 0–100; null when no rule applies or every applicable rule is waived.
   */
  score: number | null;
  /**
   * Decided (passed, failed or waived) weight over applicable weight, 0–100;
   * null when no rule applies.
   */
  coverage: number | null;
  /** Null when no rule applies; Incomplete below the coverage threshold. */
  grade: Grade | null;
  counts: Record<RuleStatus, number>;
};

/** @public */
export type EntityScorecard = {
  entityRef: string;
  score: number | null;
  /** Decided weight over applicable weight, 0–100, all chapters together; null when no rule applies. */
  coverage: number | null;
  /** The coverage, in percent, below which the grade is Incomplete. */
  coverageThreshold: number;
  grade: Grade | null;
  chapters: ChapterScore[];
  results: RuleResult[];
  facts: Record<string, FactSource>;
};

/** The entity as the applicability rules see it. @public */
export type ScoredEntity = {
  kind: string;
  metadata: {
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    tags?: string[];
  };
  spec?: Record<string, unknown>;
  relations?: { type: string; targetRef: string }[];
};

/** The kind of an entity reference such as `aimodel:default/x` or `aimodel:x`, lower case; undefined without one. */
const refKind = (ref: unknown): string | undefined => {
  if (typeof ref !== 'string') return undefined;
  const colon = ref.indexOf(':');
  return colon > 0 ? ref.slice(0, colon).toLocaleLowerCase('en-US') : undefined;
};

/** Whether the entity depends on an entity of one of these kinds (spec.dependsOn or its dependsOn relations). */
function dependsOnKind(entity: ScoredEntity, kinds: string[]): boolean {
  const wanted = kinds.map(k => k.toLocaleLowerCase('en-US'));
  const spec = entity.spec?.dependsOn;
  const refs = [
    ...(Array.isArray(spec) ? spec : []),
    ...(entity.relations ?? [])
      .filter(r => r.type === 'dependsOn')
      .map(r => r.targetRef),
  ];
  return refs.some(ref => wanted.includes(refKind(ref) ?? ''));
}

/**
 * The lowest score of each letter above F: A from 90, B from 80, C from 70,
 * D from 60.
 *
 * @public
 */
export const GRADE_FLOORS: readonly { grade: LetterGrade; score: number }[] = [
  { grade: 'A', score: 90 },
  { grade: 'B', score: 80 },
  { grade: 'C', score: 70 },
  { grade: 'D', score: 60 },
];

/**
 * The grade of a score (`GRADE_FLOORS`; F below the last).
 *
 * @public
 */
export function gradeFor(score: number | null): LetterGrade | null {
  if (score === null) return null;
  return GRADE_FLOORS.find(f => score >= f.score)?.grade ?? 'F';
}

const sameKind = (a: string, b: string) =>
  a.length === b.length && a.toUpperCase() === b.toUpperCase();

/** Whether a rule applies to an entity (kind, type, lifecycle, data classification, annotations, tags, dependencies). @public */
export function ruleApplies(rule: Rule, entity: ScoredEntity): boolean {
  const a = rule.appliesTo;
  const spec = entity.spec ?? {};
  // Kinds compare without case; the exact match is the fast, common path
  // (locale-aware lower-casing costs more than the rest of grading).
  if (!a.kinds.some(k => k === entity.kind || sameKind(k, entity.kind))) {
    return false;
  }
  if (a.types && !a.types.includes(spec.type as string)) return false;
  if (a.lifecycles && !a.lifecycles.includes(spec.lifecycle as string))
    return false;
  if (a.dataClassifications) {
    const classification =
      (spec.dataClassification as string | undefined) ??
      entity.metadata.labels?.[LABEL_DATA_CLASSIFICATION];
    if (!classification || !a.dataClassifications.includes(classification))
      return false;
  }
  if (
    a.annotations &&
    !a.annotations.every(k => entity.metadata.annotations?.[k] !== undefined)
  ) {
    return false;
  }
  if (a.tags && !a.tags.some(t => entity.metadata.tags?.includes(t))) {
    return false;
  }
  if (a.dependsOnKinds && !dependsOnKind(entity, a.dependsOnKinds)) {
    return false;
  }
  return true;
}

// Offsets of summarize's counters within a chapter's slots.
const [PASS, FAIL, UNKNOWN, WAIVED, NOT_APPLICABLE] = [0, 1, 2, 3, 4];
const [PASSED, SCORED, DECIDED, APPLICABLE, WIDTH] = [5, 6, 7, 8, 9];
const STATUS_INDEX: Record<RuleStatus, number> = {
  pass: PASS,
  fail: FAIL,
  unknown: UNKNOWN,
  waived: WAIVED,
  'not-applicable': NOT_APPLICABLE,
};

const round1 = (n: number) => Math.round(n * 10) / 10;

const CHAPTER_INDEX = new Map<string, number>(
  CHAPTERS.map((c, i) => [c.id, i]),
);

/**
 * Most rules do not apply to most entities: their result is the same
 * frozen object for every entity, rather than one per entity and rule.
 */
const notApplicableResults = new WeakMap<Rule, RuleResult>();
function notApplicable(rule: Rule): RuleResult {
  let result = notApplicableResults.get(rule);
  if (!result) {
    result = Object.freeze({
      ruleId: rule.id,
      chapter: rule.chapter,
      weight: rule.weight,
      status: 'not-applicable',
      evidence: Object.freeze([]) as unknown as ResultEvidence[],
    });
    notApplicableResults.set(rule, result);
  }
  return result;
}

/**
 * The grade of a score decided by `coverage` percent of the applicable
 * weight: null when no rule applies, Incomplete below the threshold, else
 * the letter of the score.
 *
 * @public
 */
export function gradeWithCoverage(
  score: number | null,
  coverage: number | null,
  threshold: number = DEFAULT_COVERAGE_THRESHOLD,
): Grade | null {
  if (coverage === null) return null;
  if (coverage < threshold) return 'Incomplete';
  return gradeFor(score);
}

/**
 * Grades one entity against a rule set, weighted: passed rules earn their
 * weight, failed and unknown rules earn nothing, and waived rules and rules
 * that do not apply leave the score alone. Unknown facts also lower the
 * coverage, and below `coverageThreshold` percent there is no letter grade
 * but Incomplete: missing evidence never improves a grade.
 *
 * @public
 */
export function scoreEntity(
  entityRef: string,
  entity: ScoredEntity,
  rules: Rule[],
  facts: Facts,
  waivers: Waiver[] = [],
  now: Date = new Date(),
  coverageThreshold: number = DEFAULT_COVERAGE_THRESHOLD,
): EntityScorecard {
  const activeWaivers = waivers.length
    ? new Map(
        waivers
          .filter(
            w =>
              w.entityRef === entityRef &&
              Date.parse(w.expiresAt) > now.getTime(),
          )
          .map(w => [w.ruleId, w]),
      )
    : undefined;
  const sources: Record<string, FactSource> = {};
  const results: RuleResult[] = rules.map(rule => {
    if (!ruleApplies(rule, entity)) return notApplicable(rule);
    const threshold = thresholdFor(rule, entity);
    const evidence: ResultEvidence[] = [];
    const outcome = evaluateInto(
      rule.check,
      facts,
      threshold?.value,
      evidence,
      sources,
    );
    const waiver = outcome === 'pass' ? undefined : activeWaivers?.get(rule.id);
    const result: RuleResult = {
      ruleId: rule.id,
      chapter: rule.chapter,
      weight: rule.weight,
      status: waiver ? 'waived' : outcome,
      evidence,
    };
    if (waiver) result.waiver = waiver;
    if (threshold) result.threshold = threshold;
    return result;
  });

  return {
    entityRef,
    ...summarize(results, coverageThreshold),
    results,
    facts: sources,
  };
}

/**
 * The chapter scores and overall score of a scorecard's results, each with
 * its coverage, per chapter and overall. The score is the passed weight over
 * the applicable weight that is not waived: an unknown rule earns nothing
 * until evidence decides it, so the score is what has been shown so far and
 * hiding evidence can only lower it. The coverage is the decided weight
 * (passed, failed or waived) over the applicable weight; below the
 * threshold the grade is Incomplete.
 *
 * @public
 */
export function summarize(
  results: RuleResult[],
  coverageThreshold: number = DEFAULT_COVERAGE_THRESHOLD,
): Pick<
  EntityScorecard,
  'score' | 'coverage' | 'coverageThreshold' | 'grade' | 'chapters'
> {
  // One pass over the results into flat counters (per chapter: pass, fail,
  // unknown, waived, not applicable; then passed, scored, decided and
  // applicable weight), then one score per chapter.
  const n = CHAPTERS.length;
  const t = new Array<number>(n * WIDTH).fill(0);
  for (let k = 0; k < results.length; k++) {
    const r = results[k];
    const c = CHAPTER_INDEX.get(r.chapter);
    if (c === undefined) continue;
    const at = c * WIDTH;
    const status = STATUS_INDEX[r.status];
    t[at + status]++;
    if (status === NOT_APPLICABLE) continue;
    const w = r.weight;
    t[at + APPLICABLE] += w;
    if (status !== UNKNOWN) t[at + DECIDED] += w;
    if (status !== WAIVED) t[at + SCORED] += w;
    if (status === PASS) t[at + PASSED] += w;
  }
  const summary = (
    passed: number,
    scored: number,
    decided: number,
    applicable: number,
  ) => {
    const score = scored ? round1((100 * passed) / scored) : null;
    const coverage = applicable ? (100 * decided) / applicable : null;
    return {
      score,
      // Rounded for display; the grade compares the exact share.
      coverage: coverage === null ? null : round1(coverage),
      grade: gradeWithCoverage(score, coverage, coverageThreshold),
    };
  };
  let passed = 0;
  let scored = 0;
  let decided = 0;
  let applicable = 0;
  const chapters: ChapterScore[] = CHAPTERS.map(({ id }, c) => {
    const at = c * WIDTH;
    passed += t[at + PASSED];
    scored += t[at + SCORED];
    decided += t[at + DECIDED];
    applicable += t[at + APPLICABLE];
    return {
      chapter: id,
      ...summary(
        t[at + PASSED],
        t[at + SCORED],
        t[at + DECIDED],
        t[at + APPLICABLE],
      ),
      counts: {
        pass: t[at + PASS],
        fail: t[at + FAIL],
        unknown: t[at + UNKNOWN],
        waived: t[at + WAIVED],
        'not-applicable': t[at + NOT_APPLICABLE],
      },
    };
  });
  return {
    ...summary(passed, scored, decided, applicable),
    coverageThreshold,
    chapters,
  };
}
