import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAPTER_IDS } from './chapters';
import { parseRuleSet } from './ruleSet';

const reference = readFileSync(
  join(__dirname, '../rules/reference-architecture.yaml'),
  'utf8',
);

const rule = {
  id: 'acme.internal-gateway',
  chapter: 'security-compliance',
  title: 'Calls go through the Acme gateway',
  rationale: 'The gateway enforces quotas and redaction.',
  weight: 2,
  severity: 'high',
  appliesTo: { kinds: ['Component'] },
  check: {
    fact: 'catalog.entity',
    path: 'metadata.annotations["acme.io/gateway"]',
    op: 'exists',
  },
  remediation: { text: 'Route the service through the Acme gateway.' },
};

describe('parseRuleSet', () => {
  it('loads the reference architecture: at least 30 rules over all eight chapters', () => {
    const set = parseRuleSet(reference);
    expect(set.version).toBe('2026.12.9');
    expect(set.rules.length).toBeGreaterThanOrEqual(30);
    expect(new Set(set.rules.map(r => r.chapter))).toEqual(
      new Set(CHAPTER_IDS),
    );
    for (const r of set.rules) {
      expect(r.id.startsWith(`${r.chapter}.`)).toBe(true);
    }
  });

  it('applies an organisation’s overrides, disabled rules and extra rules', () => {
    const set = parseRuleSet(reference, {
      disabled: ['cost-discipline.budget'],
      overrides: {
        'on-call-incidents.runbook': { weight: 5, severity: 'critical' },
      },
      extra: [rule],
    });
    const ids = set.rules.map(r => r.id);
    expect(ids).not.toContain('cost-discipline.budget');
    expect(ids).toContain('acme.internal-gateway');
    expect(
      set.rules.find(r => r.id === 'on-call-incidents.runbook'),
    ).toMatchObject({
      weight: 5,
      severity: 'critical',
      chapter: 'on-call-incidents',
    });
  });

  it.each([
    [
      { version: '2026.11.0', rules: [{ ...rule, chapter: 'vibes' }] },
      /^Invalid rule set: rules\[0\]\.chapter: /,
    ],
    [
      { version: '2026.11.0', rules: [{ ...rule, weight: 0 }] },
      /^Invalid rule set: rules\[0\]\.weight: /,
    ],
    [
      {
        version: '2026.11.0',
        rules: [{ ...rule, check: { fact: 'entity', op: 'exists' } }],
      },
      /rules\[0\]\.check.*namespaced fact name/,
    ],
    [
      {
        version: '2026.11.0',
        rules: [
          { ...rule, check: { fact: 'catalog.entity', op: 'in', value: 'x' } },
        ],
      },
      /op in needs a list/,
    ],
    [
      {
        version: '2026.11.0',
        rules: [
          {
            ...rule,
            check: { fact: 'catalog.entity', op: 'matches', value: '(' },
          },
        ],
      },
      /not a regular expression/,
    ],
    [
      { version: '2026.11.0', rules: [{ ...rule, colour: 'red' }] },
      /^Invalid rule set: rules\[0\]: /,
    ],
    [
      { version: '2026.11.0', rules: [rule, rule] },
      'Invalid rule set: rule acme.internal-gateway is defined twice',
    ],
    [
      { version: 'latest', rules: [rule] },
      /^Invalid rule set: version: must be a calendar version/,
    ],
  ])(
    'refuses a bad rule set, naming the rule and field (%#)',
    (set, message) => {
      expect(() => parseRuleSet(set)).toThrow(message);
    },
  );

  it.each([
    [
      { disabled: ['nope.rule'] },
      'Invalid rule set override: there is no rule nope.rule',
    ],
    [
      { overrides: { 'on-call-incidents.runbook': { weight: 99 } } },
      /^Invalid rule set override for on-call-incidents\.runbook: weight: /,
    ],
    [
      { extra: [{ ...rule, id: 'on-call-incidents.runbook' }] },
      'Invalid extra rule [0]: on-call-incidents.runbook already exists; override it instead',
    ],
    [
      { extra: [{ ...rule, title: undefined }] },
      /^Invalid extra rule \[0\]: title: /,
    ],
  ])('refuses a bad override (%#)', (overrides, message) => {
    expect(() => parseRuleSet(reference, overrides as never)).toThrow(message);
  });
});
