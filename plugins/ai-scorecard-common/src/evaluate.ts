import { Check } from './ruleSet';

/**
 * A fact from a collector, namespaced by the collector (catalog.entity,
 * repo.files, kubernetes.workloads, ...), with where and when it was read.
 * A fact that could not be read is unknown, never failed.
 *
 * @public
 */
export type Fact =
  | { value: unknown; source: string; observedAt: string }
  | { unknown: string; source: string; observedAt: string };

/** @public */
export type Facts = Record<string, Fact>;

/** @public */
export type Outcome = 'pass' | 'fail' | 'unknown';

/** Which fact, which value, from where and when, for one comparison. @public */
export type Evidence = {
  fact: string;
  path?: string;
  op: string;
  expected?: unknown;
  actual?: unknown;
  outcome: Outcome;
  source: string;
  observedAt?: string;
  /** Why the fact is unknown. */
  reason?: string;
};

/**
 * The collector behind each fact namespace, and what makes it supply facts:
 * an unknown says what would make it known.
 */
const COLLECTORS: Record<string, string> = {
  catalog:
    'the catalog collector of @ai-refarch/plugin-ai-scorecard-backend reads it from the entity',
  repo: 'the repository collector of @ai-refarch/plugin-ai-scorecard-backend reads it through the backstage.io/source-location annotation (an integrations entry for its host)',
  registry:
    'the registry collector of @ai-refarch/plugin-ai-scorecard-backend reads the MLflow registry in aiScorecard.registries.mlflow (or catalog.providers.aiModelMlflow)',
  sigstore:
    'the signature collector of @ai-refarch/plugin-ai-scorecard-backend verifies the Sigstore bundle that spec.artifact.signature points at',
  kubernetes:
    'add @ai-refarch/plugin-ai-scorecard-backend-module-kubernetes to the back end, with clusters in kubernetes.clusterLocatorMethods or aiScorecard.kubernetes.clusters',
  prometheus:
    'add @ai-refarch/plugin-ai-scorecard-backend-module-prometheus to the back end, with the ai-ops back end and a Prometheus in aiOps.prometheus',
};

const missingReasons = new Map<string, string>();

/** Why a fact that no collector supplied is unknown, and what would supply it. @public */
export function missingFactReason(fact: string): string {
  let reason = missingReasons.get(fact);
  if (reason === undefined) {
    const namespace = fact.slice(0, fact.indexOf('.'));
    const collector = COLLECTORS[namespace];
    reason = collector
      ? `no collector supplied ${fact}: ${collector}`
      : `no collector supplied ${fact}: install the back-end module that collects ${namespace}.* facts`;
    missingReasons.set(fact, reason);
  }
  return reason;
}

const pathCache = new Map<string, string[]>();

/**
 * Splits `metadata.annotations["ai-refarch.io/runbook"].x` into its keys,
 * once per distinct path.
 *
 * @public
 */
export function parsePath(path: string): string[] {
  let keys = pathCache.get(path);
  if (!keys) {
    keys = [];
    const re = /\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.[\]]+)/g;
    for (const m of path.matchAll(re)) keys.push(m[1] ?? m[2] ?? m[3]);
    pathCache.set(path, keys);
  }
  return keys;
}

/** @public */
export function valueAt(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  let current: unknown = value;
  for (const key of parsePath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const regexCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern);
    regexCache.set(pattern, re);
  }
  return re;
}

function compare(op: string, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case 'exists':
      return actual !== undefined && actual !== null && actual !== '';
    case 'absent':
      return actual === undefined || actual === null || actual === '';
    case 'empty':
      if (Array.isArray(actual)) return actual.length === 0;
      if (actual !== null && typeof actual === 'object') {
        return Object.keys(actual).length === 0;
      }
      return actual === '';
    case 'nonEmpty':
      if (Array.isArray(actual)) return actual.length > 0;
      if (actual !== null && typeof actual === 'object') {
        return Object.keys(actual).length > 0;
      }
      return typeof actual === 'string' && actual.length > 0;
    case 'equals':
      return actual === expected;
    case 'notEquals':
      return actual !== expected;
    case 'in':
      return (expected as unknown[]).includes(actual);
    case 'notIn':
      return actual !== undefined && !(expected as unknown[]).includes(actual);
    case 'gte':
      return typeof actual === 'number' && actual >= (expected as number);
    case 'lte':
      return typeof actual === 'number' && actual <= (expected as number);
    case 'matches':
      return typeof actual === 'string' && regex(String(expected)).test(actual);
    case 'contains':
      return Array.isArray(actual) && actual.includes(expected);
    case 'everyHas':
      return (
        Array.isArray(actual) &&
        actual.length > 0 &&
        actual.every(
          item =>
            item !== null &&
            typeof item === 'object' &&
            (item as Record<string, unknown>)[String(expected)] !== undefined,
        )
      );
    default:
      return false;
  }
}

/** Evidence within a scorecard: its fact's source is in `EntityScorecard.facts`. @public */
export type ResultEvidence = Omit<Evidence, 'source' | 'observedAt' | 'reason'>;

/** Where and when each fact the evidence cites was read, once per scorecard. @public */
export type FactSource = {
  source: string;
  observedAt?: string;
  reason?: string;
};

/**
 * Evaluates a check against an entity's facts. `all` fails when any part
 * fails and is unknown when none fails but one is unknown; `any` passes when
 * any part passes; `not` swaps pass and fail. A missing or unreadable fact
 * makes its comparison unknown.
 *
 * @public
 */
export function evaluateCheck(
  check: Check,
  facts: Facts,
  threshold?: number,
): { outcome: Outcome; evidence: Evidence[] } {
  const evidence: ResultEvidence[] = [];
  const sources: Record<string, FactSource> = {};
  const outcome = evaluateInto(check, facts, threshold, evidence, sources);
  return {
    outcome,
    evidence: evidence.map(e => ({ ...e, ...sources[e.fact] })),
  };
}

/**
 * `evaluateCheck` for grading: each comparison's evidence is appended to
 * `evidence`, and where each fact came from is recorded once in `sources`
 * (the first time a fact is cited) rather than in every piece of evidence.
 *
 * @public
 */
export function evaluateInto(
  check: Check,
  facts: Facts,
  threshold: number | undefined,
  evidence: ResultEvidence[],
  sources: Record<string, FactSource>,
): Outcome {
  if ('all' in check || 'any' in check) {
    const all = 'all' in check;
    // all: one failure decides; any: one pass decides; otherwise unknown wins.
    const decisive: Outcome = all ? 'fail' : 'pass';
    let decided = false;
    let unknown = false;
    for (const part of all ? check.all : check.any) {
      const outcome = evaluateInto(part, facts, threshold, evidence, sources);
      if (outcome === decisive) decided = true;
      else if (outcome === 'unknown') unknown = true;
    }
    if (decided) return decisive;
    if (unknown) return 'unknown';
    return all ? 'pass' : 'fail';
  }
  if ('not' in check) {
    const inner = evaluateInto(check.not, facts, threshold, evidence, sources);
    if (inner === 'pass') return 'fail';
    if (inner === 'fail') return 'pass';
    return 'unknown';
  }
  const expected = check.threshold ? threshold : check.value;
  const fact = facts[check.fact];
  let outcome: Outcome;
  let actual: unknown;
  if (!fact) {
    outcome = 'unknown';
    if (!sources[check.fact]) {
      sources[check.fact] = {
        source: 'none',
        reason: missingFactReason(check.fact),
      };
    }
  } else if ('unknown' in fact) {
    outcome = 'unknown';
    if (!sources[check.fact]) {
      sources[check.fact] = {
        source: fact.source,
        observedAt: fact.observedAt,
        reason: fact.unknown,
      };
    }
  } else {
    actual = valueAt(fact.value, check.path);
    outcome = compare(check.op, actual, expected) ? 'pass' : 'fail';
    if (!sources[check.fact]) {
      sources[check.fact] = {
        source: fact.source,
        observedAt: fact.observedAt,
      };
    }
  }
  // One object shape for every piece of evidence; JSON leaves out what is
  // undefined.
  evidence.push({
    fact: check.fact,
    path: check.path,
    op: check.op,
    expected,
    actual,
    outcome,
  });
  return outcome;
}
