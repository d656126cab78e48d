/**
 * Label matchers and selectors, built from parts that are checked and
 * escaped: label names must be Prometheus label names, and every value is a
 * quoted string with its backslashes, quotes and line breaks escaped, so no
 * value taken from an entity can change the shape of a query.
 */

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** @public */
export type Matcher = { label: string; op: '=' | '=~' | '!='; value: string };

/** @public */
export function isLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

/** @public */
export function isMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

/**
 * A PromQL double-quoted string literal holding exactly `value`.
 *
 * @public
 */
export function promqlString(value: string): string {
  return `"${value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')}"`;
}

/**
 * `metric{label="value",…}`; throws on a name that is not a Prometheus name.
 *
 * @public
 */
export function selector(metric: string, matchers: Matcher[]): string {
  if (!isMetricName(metric)) {
    throw new Error(
      `${JSON.stringify(metric)} is not a Prometheus metric name`,
    );
  }
  return `${metric}${labelMatchers(matchers)}`;
}

/**
 * `{label="value",…}`: a selector by labels alone (by metric name through
 * `__name__`); throws on a label name that is not a Prometheus name.
 *
 * @public
 */
export function labelMatchers(matchers: Matcher[]): string {
  const parts = matchers.map(m => {
    if (!isLabelName(m.label)) {
      throw new Error(
        `${JSON.stringify(m.label)} is not a Prometheus label name`,
      );
    }
    return `${m.label}${m.op}${promqlString(m.value)}`;
  });
  return `{${parts.join(',')}}`;
}

/** @public */
export const eq = (label: string, value: string): Matcher => ({
  label,
  op: '=',
  value,
});

/**
 * A matcher for any of these exact values: each value's regular-expression
 * characters escaped (RE2 anchors the whole expression), joined by `|`.
 * @public
 */
export const anyOf = (label: string, values: string[]): Matcher => ({
  label,
  op: '=~',
  value: values.map(v => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
});
