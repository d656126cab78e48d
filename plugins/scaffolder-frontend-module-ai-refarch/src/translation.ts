import { createTranslationRef } from '@backstage/core-plugin-api/alpha';

/**
 * Every user-facing string of the GpuFit and ServingBudget form fields, so
 * that an organisation can translate or reword them
 * (`createTranslationMessages`). The reasons a check gives (the model does
 * not fit, the budget is too small, ...) come from the sizing checks shared
 * with the back-end actions and are shown as they are.
 *
 * @alpha
 */
export const aiRefarchScaffolderTranslationRef = createTranslationRef({
  id: 'ai-refarch-scaffolder',
  messages: {
    gpuFit: {
      label: 'GPUs per replica',
      fits: 'Fits: {{weights}} of weights and {{kvCache}} of KV cache ({{kibPerToken}} KiB per token) on {{gpus}} × {{gpuType}} with {{usablePerGpu}} usable each; about {{monthlyCost}} a month per replica.',
      gib: '{{gib}} GiB',
      incomplete: 'GPU sizing: {{reason}}.',
      failed:
        'Could not size the GPUs here ({{error}}); the task checks again when it runs.',
    },
    advisor: {
      rank: 'Rank',
      option: 'Option',
      score: 'Score',
      why: 'Why (source)',
      excluded: 'ruled out',
      notOnThisPath: 'not deployed by this golden path',
      nothingDecides: 'nothing in this workload decides for or against it',
      hostedApi: 'Hosted API',
      failed:
        'Could not compute the advice here ({{error}}); choose with the criteria in the README.',
    },
    runtimeAdvisor: {
      heading: 'Advice for this workload',
      breakEven:
        '{{hosted}}, the cheapest hosted model in the catalog, would cost {{hostedMonthly}} a month for this load, against {{selfHostMonthly}} for the minimum replicas: self-hosting costs less above {{rps}} requests/s.',
      noBreakEven: 'No self-host break-even yet: {{reason}}.',
      hostedFirst:
        'A hosted model suits this workload better: consider the "Register an AI service" golden path for a service that calls it, instead of serving a model.',
    },
    vectorDbAdvisor: {
      heading: 'Advice for this corpus',
    },
    servingBudget: {
      label: 'Monthly budget',
      fits: '{{perReplica}} a month per replica: the minimum costs {{minimum}} and the ceiling {{ceiling}}, within {{budget}}.',
      fitsCeilingOnDemand:
        '{{perReplica}} a month per replica: the minimum costs {{minimum}} and the ceiling {{ceiling}} with every replica on demand (spot capacity is not guaranteed when scaling out), within {{budget}}.',
      incomplete: 'Budget check: {{reason}}.',
      failed:
        'Could not price the replicas here ({{error}}); the task checks again when it runs.',
    },
  },
});
