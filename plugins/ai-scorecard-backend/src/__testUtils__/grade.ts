import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  Facts,
  RuleResult,
  scoreEntity,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { loadRuleSet } from '@ai-refarch/plugin-ai-scorecard-node';

const { rules } = loadRuleSet(new ConfigReader({}));

/**
 * Grades an entity against the reference rule set on the given facts and
 * its own catalog entry (catalog.entity), as the grading service would, and
 * gives the result of one rule by id.
 */
export function gradeOn(
  entity: Entity,
  facts: Facts,
): (ruleId: string) => RuleResult {
  const { results } = scoreEntity(stringifyEntityRef(entity), entity, rules, {
    ...facts,
    'catalog.entity': {
      value: entity,
      source: 'catalog',
      observedAt: new Date().toISOString(),
    },
  });
  return ruleId => {
    const result = results.find(r => r.ruleId === ruleId);
    if (!result) throw new Error(`the rule set has no rule ${ruleId}`);
    return result;
  };
}
