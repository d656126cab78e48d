import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { README_FILE } from '@internal/test-kit';
import { parseRuleSet } from './ruleSet';
import { ruleTable } from './ruleTable';

const README = README_FILE;
const START = '<!-- rule-table:start (npm run docs:rules) -->';
const END = '<!-- rule-table:end -->';

describe("the README's rule table", () => {
  it('is generated from the rules file, and is up to date', () => {
    const ruleSet = parseRuleSet(
      readFileSync(
        join(__dirname, '../rules/reference-architecture.yaml'),
        'utf8',
      ),
    );
    const readme = readFileSync(README, 'utf8');
    const from = readme.indexOf(START);
    const to = readme.indexOf(END);
    expect(from).toBeGreaterThan(0);
    expect(to).toBeGreaterThan(from);
    const table = `${START}\n${ruleTable(ruleSet)}\n${END}`;
    const current = readme.slice(from, to + END.length);
    if (process.env.UPDATE_RULE_TABLE && current !== table) {
      writeFileSync(
        README,
        readme.slice(0, from) + table + readme.slice(to + END.length),
      );
      return;
    }
    // Out of date: run `npm run docs:rules` and commit the README.
    expect(current).toBe(table);
    expect(table.split('\n').filter(l => l.startsWith('| `'))).toHaveLength(
      ruleSet.rules.length,
    );
  });
});
