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

/** The rule whose threshold is a production model server's largest spot share. @public */
export const SPOT_SHARE_RULE = 'gpu-cluster-topology.spot-share';

/** The rule whose threshold is how many zones a production model server's replicas sit in. @public */
export const LIVE_ZONES_RULE = 'gpu-cluster-topology.live-zones';

/**
 * The policy values a golden path must meet, from the platform's rule set:
 * the largest spot share of a production model server is the spot-share
 * rule's threshold, its fewest replicas the live-zones rule's (one per
 * zone); a rule switched off sets no limit.
 *
 * @public
 */
export function servingPolicy(ruleSet: RuleSet): {
  maxProductionSpotShare: number | null;
  minProductionReplicas: number | null;
} {
  const threshold = (id: string) =>
    ruleSet.rules.find(r => r.id === id)?.threshold?.value ?? null;
  return {
    maxProductionSpotShare: threshold(SPOT_SHARE_RULE),
    minProductionReplicas: threshold(LIVE_ZONES_RULE),
  };
}
