import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import {
  BYTES_PER_PARAMETER,
  checkServingBudget,
  checkServingPlan,
  GpuPrice,
  Precision,
  ServingPolicy,
  sizeGpus,
} from '@ai-refarch/plugin-ai-model-common';
import { examples } from './gpuSizing.examples';
import { parseInput } from './parseInput';
import { renamingFields } from '../fieldError';
import { servingPod } from '../cluster/servingPod';

const precisions = Object.keys(BYTES_PER_PARAMETER) as [
  Precision,
  ...Precision[],
];

/** The action's input, validated again in the handler so that every path names the field. */
export const gpuSizingInput = z.object({
  parameters: z
    .number()
    .int()
    .min(1)
    .describe('Parameter count, e.g. 8030000000'),
  precision: z.enum(precisions).describe('Weights precision'),
  kvCachePrecision: z
    .enum(['fp16', 'bf16', 'fp8'])
    .optional()
    .describe('KV-cache precision; 16 bits by default'),
  contextLength: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .describe('Maximum model length in tokens'),
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .describe('Concurrent sequences per replica'),
  layers: z.number().int().min(1).describe('Transformer layers'),
  kvHeads: z.number().int().min(1).describe('Key/value heads (GQA)'),
  headDim: z.number().int().min(1).describe('Dimension of one attention head'),
  attentionHeads: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Attention heads; tensor parallelism must divide them'),
  gpuType: z.string().min(1).describe('A GPU type from aiRefarch.gpuPrices'),
  gpuMemoryUtilization: z
    .number()
    .gt(0)
    .max(1)
    .default(0.9)
    .describe('Share of GPU memory the engine may use'),
  replicas: z.number().int().min(1).default(1).describe('Serving replicas'),
  gpusPerReplica: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(16)
    .optional()
    .describe(
      'GPUs per replica chosen by the user; refused when the model does not fit',
    ),
  spotShare: z
    .number()
    .min(0, 'must be between 0 and 1 (0 % to 100 %)')
    .max(1, 'must be between 0 and 1 (0 % to 100 %)')
    .default(0)
    .describe('Share of GPU-hours on spot capacity, 0 to 1'),
  lifecycle: z
    .string()
    .optional()
    .describe(
      "The service lifecycle; production serving keeps at most the spot share of the platform's rule set (gpu-cluster-topology.spot-share) on spot",
    ),
  contextWindow: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("The model's context window; contextLength may not exceed it"),
  maxReplicas: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('The autoscaling ceiling; at least `replicas`'),
  monthlyBudget: z
    .number()
    .positive()
    .optional()
    .describe(
      'Monthly budget; the minimum replicas and the ceiling must fit in it',
    ),
  runtime: z
    .enum(['vllm', 'tgi', 'triton'])
    .optional()
    .describe(
      'Serving runtime; Triton needs disk for its engine beside the weights',
    ),
  formFields: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9.[\]]*$/))
    .optional()
    .describe(
      'Form field names to use in error messages, by input name, e.g. {"spotShare": "spotSharePercent"}',
    ),
});

/**
 * `ai-refarch:gpu-sizing`: weights memory, KV-cache bytes per token, GPUs
 * and tensor-parallel size, and monthly cost with the spot mix, from the
 * model's shape and a price table in config.
 *
 * @public
 */
export function createGpuSizingAction(options: {
  prices: Record<string, GpuPrice>;
  /** The platform's policy values (its rule set); the reference ones when left out. */
  policy?: ServingPolicy;
}) {
  return createTemplateAction({
    id: 'ai-refarch:gpu-sizing',
    description:
      'Sizes the GPUs for serving a model: weights and KV-cache memory, GPUs and tensor-parallel size, monthly cost with the spot mix.',
    examples,
    supportsDryRun: true,
    schema: {
      input: () => gpuSizingInput,
      output: () =>
        z.object({
          weightsGiB: z.number(),
          kvCacheBytesPerToken: z.number(),
          kvCacheGiB: z.number(),
          gpusPerReplica: z.number(),
          tensorParallelSize: z.number(),
          monthlyCost: z.number(),
          monthlyCostAllOnDemand: z.number(),
          pod: z
            .object({
              cpu: z.string(),
              memory: z.string(),
              ephemeralStorage: z.string(),
              modelsVolumeGiB: z.number(),
              workVolumeGiB: z.number(),
            })
            .describe(
              "The serving pod's requests, sized to fit the cluster path's GPU nodes",
            ),
          explanation: z
            .array(z.string())
            .describe('The formula with its inputs, one step a line'),
        }),
    },
    async handler(ctx) {
      const input = parseInput(gpuSizingInput, ctx.input);
      const result = renamingFields(input.formFields, () => {
        checkServingPlan(input, options.policy);
        const sized = sizeGpus(input, options.prices);
        if (input.monthlyBudget !== undefined) {
          checkServingBudget({
            monthlyCostPerReplica: sized.monthlyCost / input.replicas,
            monthlyCostPerReplicaOnDemand:
              sized.monthlyCostAllOnDemand / input.replicas,
            spotShare: input.spotShare,
            replicas: input.replicas,
            maxReplicas: input.maxReplicas,
            monthlyBudget: input.monthlyBudget,
          });
        }
        const weightsGiB = sized.weightsBytes / 1024 ** 3;
        const { explanation, ...pod } = servingPod({
          gpuType: input.gpuType,
          gpus: sized.gpusPerReplica,
          weightsGiB,
          runtime: input.runtime,
        });
        return {
          ...sized,
          pod,
          explanation: [...sized.explanation, ...explanation],
        };
      });
      const gib = (bytes: number) =>
        Math.round((bytes / 1024 ** 3) * 100) / 100;
      ctx.output('weightsGiB', gib(result.weightsBytes));
      ctx.output('kvCacheBytesPerToken', result.kvCacheBytesPerToken);
      ctx.output('kvCacheGiB', gib(result.kvCacheBytes));
      ctx.output('gpusPerReplica', result.gpusPerReplica);
      ctx.output('tensorParallelSize', result.tensorParallelSize);
      ctx.output('monthlyCost', Math.round(result.monthlyCost * 100) / 100);
      ctx.output(
        'monthlyCostAllOnDemand',
        Math.round(result.monthlyCostAllOnDemand * 100) / 100,
      );
      ctx.output('pod', result.pod);
      ctx.output('explanation', result.explanation);
      for (const line of result.explanation) ctx.logger.info(line);
    },
  });
}
