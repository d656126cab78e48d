import { readFileSync } from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  parseRuleSet,
  RuleSet,
  RuleSetOverrides,
} from '@ai-refarch/plugin-ai-scorecard-common';

/**
 * The platform's rule set: the reference rules with the organisation's
 * changes from `aiScorecard.rules` and `aiScorecard.coverageThreshold`.
 * Throws, naming the rule and field at fault, so that a bad rule stops
 * start-up. The scorecard grades with it, and the golden paths read their
 * policy values from it, so an override changes both.
 *
 * @public
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
