import { ConfigReader } from '@backstage/config';
import {
  LIVE_ZONES_RULE,
  servingPolicy,
  SPOT_SHARE_RULE,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { loadRuleSet } from './ruleSet';

describe('loadRuleSet', () => {
  it('layers app-config over the reference rules: coverage threshold and rule thresholds', () => {
    expect(loadRuleSet(new ConfigReader({})).coverageThreshold).toBe(75);
    const ruleSet = loadRuleSet(
      new ConfigReader({
        aiScorecard: {
          coverageThreshold: 90,
          rules: {
            overrides: {
              [SPOT_SHARE_RULE]: {
                threshold: { value: 0.3, min: 0, max: 0.3 },
              },
            },
          },
        },
      }),
    );
    expect(ruleSet.coverageThreshold).toBe(90);
    expect(servingPolicy(ruleSet)).toEqual({
      maxProductionSpotShare: 0.3,
      minProductionReplicas: 2,
    });
    expect(
      servingPolicy(
        loadRuleSet(
          new ConfigReader({
            aiScorecard: {
              rules: { disabled: [SPOT_SHARE_RULE, LIVE_ZONES_RULE] },
            },
          }),
        ),
      ),
    ).toEqual({ maxProductionSpotShare: null, minProductionReplicas: null });
  });

  it('stops start-up on a bad value, naming the key', () => {
    expect(() =>
      loadRuleSet(
        new ConfigReader({ aiScorecard: { coverageThreshold: 'most' } }),
      ),
    ).toThrow(/aiScorecard\.coverageThreshold/);
    expect(() =>
      loadRuleSet(
        new ConfigReader({ aiScorecard: { coverageThreshold: 150 } }),
      ),
    ).toThrow(
      'Invalid coverageThreshold 150: must be a percentage from 0 to 100',
    );
  });
});
