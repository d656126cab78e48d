/**
 * Kubernetes label selectors, shared by the scorecard's collectors: the string form of
 * `backstage.io/kubernetes-label-selector` and the structured form of
 * workloads, PDBs and services, matched locally against listed objects.
 */

/** @public */
export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' };

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/**
 * Whether a string is a valid label value (e.g. a `backstage.io/kubernetes-id`).
 *
 * @public
 */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && VALUE.test(value);
}

function checkKey(key: string, selector: string): string {
  if (!KEY.test(key) || key.length > 316) {
    throw new TypeError(`"${key}" in "${selector}" is not a label key`);
  }
  return key;
}

function checkValue(value: string, selector: string): string {
  if (!isLabelValue(value)) {
    throw new TypeError(`"${value}" in "${selector}" is not a label value`);
  }
  return value;
}

/** Splits on commas that are not inside a value list. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    if (selector[i] === '(') depth++;
    else if (selector[i] === ')') depth--;
    else if (selector[i] === ',' && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms.map(t => t.trim());
}

/**
 * Parses `app=chat,tier in (gpu,cpu),!legacy`. Throws a TypeError that
 * quotes the part it could not read.
 *
 * @public
 */
export function parseLabelSelector(selector: string): Requirement[] {
  if (!selector.trim()) throw new TypeError('the selector is empty');
  return splitTerms(selector).map(term => {
    let m = term.match(/^(\S+)\s+(in|notin)\s+\(([^()]*)\)$/);
    if (m) {
      const values = m[3].split(',').map(v => checkValue(v.trim(), selector));
      return {
        key: checkKey(m[1], selector),
        op: m[2] as 'in' | 'notin',
        values,
      };
    }
    m = term.match(/^([^=!\s]+)\s*(==|=|!=)\s*([^=!\s]*)$/);
    if (m) {
      return {
        key: checkKey(m[1], selector),
        op: m[2] === '!=' ? 'notin' : 'in',
        values: [checkValue(m[3], selector)],
      };
    }
    m = term.match(/^(!?)\s*([^=!\s()]+)$/);
    if (m) return { key: checkKey(m[2], selector), op: m[1] ? '!' : 'exists' };
    throw new TypeError(`cannot read "${term}" in "${selector}"`);
  });
}

/**
 * The requirements of a structured selector (`matchLabels` + `matchExpressions`).
 *
 * @public
 */
export function fromStructured(selector: {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}): Requirement[] {
  const requirements: Requirement[] = Object.entries(
    selector.matchLabels ?? {},
  ).map(([key, value]) => ({ key, op: 'in', values: [value] }));
  for (const e of selector.matchExpressions ?? []) {
    const op = e.operator.toLowerCase();
    if (op === 'in' || op === 'notin') {
      requirements.push({ key: e.key, op, values: e.values ?? [] });
    } else if (op === 'exists') {
      requirements.push({ key: e.key, op: 'exists' });
    } else if (op === 'doesnotexist') {
      requirements.push({ key: e.key, op: '!' });
    }
  }
  return requirements;
}

/** @public */
export function matches(
  requirements: Requirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      default:
        return false;
    }
  });
}

/**
 * Selectors read once: a grading run asks each object's selector about the
 * pods of every entity in its namespace.
 */
const parsedSelectors = new WeakMap<object, Requirement[]>();

/**
 * Whether pods with these labels are selected by a structured selector; an
 * empty or malformed selector selects nothing here (policy/v1 reads an empty
 * one as every pod, which no rule should count as a choice).
 *
 * @public
 */
export function selects(
  selector: Parameters<typeof fromStructured>[0] | undefined,
  labels: Record<string, string>,
): boolean {
  try {
    let requirements = selector ? parsedSelectors.get(selector) : undefined;
    if (!requirements) {
      requirements = fromStructured(selector ?? {});
      if (selector) parsedSelectors.set(selector, requirements);
    }
    return requirements.length > 0 && matches(requirements, labels);
  } catch {
    return false;
  }
}
