import { CHAPTERS } from './chapters';
import { Check, Rule, RuleSet } from './ruleSet';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** What a check reads, as `fact path` per comparison, with all / any / not. */
function reads(
  check: Check,
  threshold: Rule['threshold'],
  nested = false,
): string {
  const group = (parts: Check[], word: string) => {
    const text = parts.map(c => reads(c, threshold, true)).join(` ${word} `);
    return nested ? `(${text})` : text;
  };
  if ('all' in check) return group(check.all, 'and');
  if ('any' in check) return group(check.any, 'or');
  if ('not' in check) return `not ${reads(check.not, threshold, true)}`;
  let value =
    check.value === undefined ? '' : ` ${JSON.stringify(check.value)}`;
  if (check.threshold && threshold) {
    const range =
      threshold.min === undefined && threshold.max === undefined
        ? ''
        : `; an entity may set ${threshold.min ?? '…'}–${threshold.max ?? '…'}`;
    value = ` the threshold (${threshold.value}${range})`;
  }
  return `\`${check.fact}${check.path ? ` ${check.path}` : ''}\` ${
    check.op
  }${value}`;
}

/** What a rule applies to, in a few words. */
function appliesTo(rule: Rule): string {
  const a = rule.appliesTo;
  return [
    a.kinds.join(', '),
    a.types && `type ${a.types.join('/')}`,
    a.lifecycles && `lifecycle ${a.lifecycles.join('/')}`,
    a.dataClassifications && `data ${a.dataClassifications.join('/')}`,
    a.tags && `tagged ${a.tags.join('/')}`,
    a.dependsOnKinds && `depending on ${a.dependsOnKinds.join('/')}`,
    a.annotations && `with ${a.annotations.join(', ')}`,
  ]
    .filter(Boolean)
    .join('; ');
}

/** The README's rule table: one row per rule, by chapter, from the rule set itself. */
export function ruleTable(ruleSet: RuleSet): string {
  const chapter = new Map(CHAPTERS.map(c => [c.id, `${c.number} ${c.title}`]));
  const rows = ruleSet.rules.map(
    r =>
      `| \`${r.id}\` | ${chapter.get(r.chapter)} | ${cell(appliesTo(r))} | ${
        r.weight
      } | ${cell(reads(r.check, r.threshold))} | ${cell(r.remediation.text)}${
        r.remediation.template
          ? ` (golden path \`${r.remediation.template}\`)`
          : ''
      } |`,
  );
  return [
    `Rule set ${ruleSet.version}: ${ruleSet.rules.length} rules, a letter grade from ${ruleSet.coverageThreshold} % coverage.`,
    '',
    '| Rule | Chapter | Applies to | Weight | Reads | How to fix |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
