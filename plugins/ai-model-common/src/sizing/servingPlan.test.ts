import { checkServingBudget } from './servingPlan';

describe('checkServingBudget', () => {
  // One replica: 1,000 a month half on spot, 1,500 all on demand.
  const plan = {
    monthlyCostPerReplica: 1000,
    monthlyCostPerReplicaOnDemand: 1500,
    replicas: 2,
    maxReplicas: 6,
  };

  it('prices the ceiling of a service split between spot and on demand on demand', () => {
    expect(
      checkServingBudget({ ...plan, spotShare: 0.5, monthlyBudget: 9000 }),
    ).toEqual({ minimum: 2000, ceiling: 9000, ceilingOnDemand: true });
    // 6,000 would cover six blended replicas, not six on demand: spot
    // capacity is a preference, and scaling out is when it runs short.
    expect(() =>
      checkServingBudget({ ...plan, spotShare: 0.5, monthlyBudget: 6000 }),
    ).toThrow(
      'monthlyBudget: 6,000 does not cover the ceiling of 6 replicas, which costs 9,000 a month on demand (spot capacity is not guaranteed when scaling out); raise the budget to at least 9,000 or lower the maximum replicas',
    );
  });

  it('prices a service pinned to one capacity type at that price', () => {
    // All on spot (a node selector): the blended cost is the spot cost.
    expect(
      checkServingBudget({ ...plan, spotShare: 1, monthlyBudget: 6000 }),
    ).toEqual({ minimum: 2000, ceiling: 6000, ceilingOnDemand: false });
    expect(
      checkServingBudget({ ...plan, spotShare: 0, monthlyBudget: 6000 }),
    ).toEqual({ minimum: 2000, ceiling: 6000, ceilingOnDemand: false });
  });

  it('refuses a minimum over the budget, naming replicas', () => {
    expect(() =>
      checkServingBudget({ ...plan, spotShare: 0.5, monthlyBudget: 1500 }),
    ).toThrow(
      'replicas: the minimum of 2 replicas costs 2,000 a month, more than the monthly budget of 1,500',
    );
  });
});
