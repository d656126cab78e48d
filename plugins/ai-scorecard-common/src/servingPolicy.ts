import { RuleSet } from './ruleSet';

/** The rule whose threshold is a production model server's largest spot share. @public */
export const SPOT_SHARE_RULE = 'gpu-cluster-topology.spot-share';

/** The rule whose threshold is how many zones a production model server's replicas sit in. @public */
export const LIVE_ZONES_RULE = 'gpu-cluster-topology.live-zones';

/**
 * The policy values a golden path must meet, from the platform's rule set:
 * the largest spot share of a production model server is the spot-share
 * rule's threshold, its fewest replicas the live-zones rule's (one per
 * zone); a rule switched off sets no limit. The back end reads the rule set
 * from config, the form from the scorecard's `GET /rules`.
 *
 * @public
 */
export function servingPolicy(ruleSet: Pick<RuleSet, 'rules'>): {
  maxProductionSpotShare: number | null;
  minProductionReplicas: number | null;
} {
  const threshold = (id: string) => {
    const value = ruleSet.rules.find(r => r?.id === id)?.threshold?.value;
    return typeof value === 'number' ? value : null;
  };
  return {
    maxProductionSpotShare: threshold(SPOT_SHARE_RULE),
    minProductionReplicas: threshold(LIVE_ZONES_RULE),
  };
}
