import { FieldError } from './FieldError';
import { GpuPrice, HOURS_PER_MONTH } from './gpuSizing';

/**
 * The most of a production model server's capacity that may run on spot in
 * the reference rule set (the threshold of the scorecard's
 * gpu-cluster-topology.spot-share rule). A platform's own value comes from
 * its rule set; this is the value without one. @public
 */
export const PRODUCTION_MAX_SPOT_SHARE = 0.5;

/**
 * The fewest replicas a production model server runs in the reference rule
 * set: one per zone it must sit in (the threshold of the scorecard's
 * gpu-cluster-topology.live-zones rule). @public
 */
export const PRODUCTION_MIN_REPLICAS = 2;

/**
 * Policy values of the platform's rule set that a serving plan must meet.
 *
 * @public
 */
export type ServingPolicy = {
  /** The largest spot share of a production plan, 0–1; null for no limit (the rule is switched off). */
  maxProductionSpotShare: number | null;
  /** The fewest replicas of a production plan, one per zone; null for no minimum. */
  minProductionReplicas: number | null;
};

/** The policy of the reference rule set. @public */
export const REFERENCE_SERVING_POLICY: ServingPolicy = {
  maxProductionSpotShare: PRODUCTION_MAX_SPOT_SHARE,
  minProductionReplicas: PRODUCTION_MIN_REPLICAS,
};

/**
 * The checks across fields of a serving plan that the form and the
 * ai-refarch:gpu-sizing action both make, before and after sizing, so that
 * they refuse the same plans with the same messages. Fields are named as the
 * action's inputs; `formFields` renames them to the form's.
 *
 * @public
 */
export function checkServingPlan(
  plan: {
    lifecycle?: string;
    spotShare: number;
    contextLength: number;
    contextWindow?: number;
    replicas: number;
    maxReplicas?: number;
  },
  policy: ServingPolicy = REFERENCE_SERVING_POLICY,
) {
  const minimum = policy.minProductionReplicas;
  if (
    plan.lifecycle === 'production' &&
    minimum !== null &&
    plan.replicas < minimum
  ) {
    throw new FieldError(
      'replicas',
      `production model serving runs at least ${minimum} replicas, so that they sit in ${minimum} zones, not ${plan.replicas}; choose ${minimum} or more, or the experimental lifecycle`,
    );
  }
  const limit = policy.maxProductionSpotShare;
  if (
    plan.lifecycle === 'production' &&
    limit !== null &&
    plan.spotShare > limit
  ) {
    const percent = Math.round(limit * 1000) / 10;
    throw new FieldError(
      'spotShare',
      `production model serving keeps at most ${percent} % of its replicas on spot capacity, not ${Math.round(
        plan.spotShare * 100,
      )} %; choose ${percent} % or less, or the experimental lifecycle`,
    );
  }
  // Checked before memory, so a length the model cannot take is named as such.
  if (
    plan.contextWindow !== undefined &&
    plan.contextLength > plan.contextWindow
  ) {
    throw new FieldError(
      'contextLength',
      `${plan.contextLength} tokens exceed the model's context window of ${plan.contextWindow}`,
    );
  }
  // KEDA's admission webhook refuses a ScaledObject whose minimum exceeds its maximum.
  if (plan.maxReplicas !== undefined && plan.maxReplicas < plan.replicas) {
    throw new FieldError(
      'maxReplicas',
      `must be at least the minimum of ${plan.replicas} replicas, not ${plan.maxReplicas}`,
    );
  }
}

/**
 * The minimum replicas and the autoscaling ceiling must both fit in the
 * monthly budget. A service split between spot and on-demand capacity has
 * its ceiling priced on demand: the split is only a scheduling preference
 * (preferred node affinity), and scaling out is when spot GPUs run short.
 * A service pinned to one capacity type (a node selector) costs that. @public
 */
export function checkServingBudget(plan: {
  monthlyCostPerReplica: number;
  /** The cost of one replica with every GPU on demand. */
  monthlyCostPerReplicaOnDemand?: number;
  /** The share of replicas meant for spot capacity, 0 to 1. */
  spotShare?: number;
  replicas: number;
  maxReplicas?: number;
  monthlyBudget: number;
}) {
  const money = (n: number) => Math.round(n).toLocaleString('en-US');
  const minimum = plan.monthlyCostPerReplica * plan.replicas;
  if (minimum > plan.monthlyBudget) {
    throw new FieldError(
      'replicas',
      `the minimum of ${plan.replicas} replicas costs ${money(
        minimum,
      )} a month, more than the monthly budget of ${money(
        plan.monthlyBudget,
      )}; lower the minimum or raise the budget`,
    );
  }
  const onDemandCeiling =
    plan.monthlyCostPerReplicaOnDemand !== undefined &&
    plan.spotShare !== undefined &&
    plan.spotShare > 0 &&
    plan.spotShare < 1;
  const ceiling =
    (onDemandCeiling
      ? plan.monthlyCostPerReplicaOnDemand!
      : plan.monthlyCostPerReplica) * (plan.maxReplicas ?? plan.replicas);
  if (ceiling > plan.monthlyBudget) {
    throw new FieldError(
      'monthlyBudget',
      `${money(plan.monthlyBudget)} does not cover the ceiling of ${
        plan.maxReplicas
      } replicas, which costs ${money(ceiling)} a month${
        onDemandCeiling
          ? ' on demand (spot capacity is not guaranteed when scaling out)'
          : ''
      }; raise the budget to at least ${money(
        Math.ceil(ceiling),
      )} or lower the maximum replicas`,
    );
  }
  return { minimum, ceiling, ceilingOnDemand: onDemandCeiling };
}

/** GPU workloads at their autoscaling maximum. @public */
export type GpuCeiling = {
  gpuType: string;
  /** GPUs per pod. */
  gpus: number;
  /** Pods at the maximum. */
  replicas: number;
  /** spot only when the pods are pinned to spot capacity. */
  capacity: 'spot' | 'on-demand';
}[];

/**
 * What the workloads cost a month at their autoscaling maximum, from the
 * GPU price table; the GPU types the table lacks are listed instead of
 * priced. @public
 */
export function ceilingMonthlyCost(
  ceiling: GpuCeiling,
  prices: Record<string, GpuPrice>,
): { cost: number; unpriced: string[] } {
  let cost = 0;
  const unpriced = new Set<string>();
  for (const w of ceiling) {
    const price = prices[w.gpuType];
    if (!price) {
      unpriced.add(w.gpuType);
      continue;
    }
    cost +=
      HOURS_PER_MONTH *
      w.gpus *
      w.replicas *
      (w.capacity === 'spot' ? price.spotPerHour : price.onDemandPerHour);
  }
  return { cost, unpriced: [...unpriced] };
}
