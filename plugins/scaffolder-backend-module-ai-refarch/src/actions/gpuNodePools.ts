import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { planNodePools } from '../cluster/nodePools';
import { withInputErrors } from '../fieldError';
import { parseInput } from './parseInput';
import { examples } from './gpuNodePools.examples';

const poolName = z
  .string()
  .regex(
    /^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/,
    'must start with a letter, then lower-case letters, digits and dashes, at most 22',
  );

export const gpuNodePoolsInput = z.object({
  cloud: z
    .enum(['eks', 'gke', 'aks'])
    .describe('The cloud the cluster runs on'),
  nodePools: z
    .array(
      z.object({
        name: poolName,
        gpuType: z.string().min(1),
        gpusPerNode: z.number().int().min(1, 'must be at least 1 GPU').max(16),
        instanceType: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a machine type name')
          .optional(),
        minNodes: z.number().int().min(0, 'must not be negative').max(1000),
        maxNodes: z.number().int().min(1, 'must be at least 1').max(1000),
        capacity: z.enum(['on-demand', 'spot', 'mixed']),
        onDemandBase: z
          .number()
          .int()
          .min(0, 'must not be negative')
          .optional(),
      }),
    )
    .min(1, 'add at least one GPU node pool')
    .max(20),
});

/**
 * `ai-refarch:gpu-node-pools`: checks a cluster's GPU node pools against the
 * cloud (machine types per GPU type and count, size ranges, the on-demand
 * base) and plans the node pools the Terraform and Karpenter files declare.
 */
export function createGpuNodePoolsAction() {
  return createTemplateAction({
    id: 'ai-refarch:gpu-node-pools',
    description:
      'Plans the GPU node pools of an EKS, GKE or AKS cluster: machine types, capacity segments (on-demand base, spot), autoscaling limits.',
    examples,
    supportsDryRun: true,
    schema: {
      input: () => gpuNodePoolsInput,
      output: () =>
        z.object({
          segments: z
            .array(z.record(z.unknown()))
            .describe('One entry per cloud node pool or Karpenter NodePool'),
          maxGpus: z.number().describe('GPUs at the autoscaling ceiling'),
          spotShareOfMaxGpus: z
            .number()
            .describe('Share of the ceiling on spot capacity, 0 to 1'),
        }),
    },
    async handler(ctx) {
      const input = parseInput(gpuNodePoolsInput, ctx.input);
      const segments = withInputErrors(() =>
        planNodePools(input.cloud, input.nodePools),
      );
      const maxGpus = segments.reduce((sum, s) => sum + s.gpuLimit, 0);
      const spotGpus = segments
        .filter(s => s.spot)
        .reduce((sum, s) => sum + s.gpuLimit, 0);
      ctx.output('segments', segments);
      ctx.output('maxGpus', maxGpus);
      ctx.output(
        'spotShareOfMaxGpus',
        Math.round((spotGpus / maxGpus) * 1000) / 1000,
      );
    },
  });
}
