import { readFileSync } from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  parseRuleSet,
  RuleSet,
  RuleSetOverrides,
} from '@ai-refarch/plugin-ai-scorecard-common';

/**
 * The reference rule set with the organisation's changes from
 * `aiScorecard.rules`; fails start-up with the rule and field at fault.
 */
export function loadRuleSet(config: Config): RuleSet {
  const source = readFileSync(
    resolvePackagePath(
      '@ai-refarch/plugin-ai-scorecard-common',
      'rules/reference-architecture.yaml',
    ),
    'utf8',
  );
  const rules = config.getOptionalConfig('aiScorecard.rules');
  const overrides: RuleSetOverrides = {
    disabled: rules?.getOptionalStringArray('disabled'),
    overrides: rules?.getOptional('overrides'),
    extra: rules?.getOptional('extra'),
    coverageThreshold: config.getOptionalNumber(
      'aiScorecard.coverageThreshold',
    ),
  };
  return parseRuleSet(source, overrides);
}
