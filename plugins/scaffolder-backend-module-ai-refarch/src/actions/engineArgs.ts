import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { engineCommand } from '../engine/engineArgs';
import { DEFAULT_SERVING_IMAGES, ServingImages } from '../engine/servingImages';
import { withInputErrors } from '../fieldError';
import { parseInput, templateOptional } from './parseInput';
import { examples } from './engineArgs.examples';

export const engineArgsInput = z.object({
  runtime: z.enum(['vllm', 'tgi', 'triton']).describe('Serving runtime'),
  model: z
    .string()
    .regex(
      /^\/?[A-Za-z0-9][A-Za-z0-9._/-]*$/,
      'must be a Hugging Face id or a path: letters, digits, ".", "_", "-" and "/"',
    )
    .describe('Hugging Face id or path of the weights'),
  servedModelName: z.string().min(1).optional(),
  tensorParallelSize: z.number().int().min(1).max(64),
  maxModelLen: z.number().int().min(2).max(10_000_000),
  maxNumSeqs: z.number().int().min(1).max(100_000),
  gpuMemoryUtilization: z.number().gt(0).max(1).default(0.9),
  enablePrefixCaching: z.boolean().default(true),
  enableChunkedPrefill: z.boolean().default(true),
  quantization: z.enum(['awq', 'gptq', 'fp8']).optional(),
  dtype: z.enum(['bfloat16', 'float16', 'auto']).optional(),
  speculative: templateOptional(
    z.object({
      model: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/),
      numSpeculativeTokens: z.number().int().min(1).max(16),
    }),
  ).describe('Draft-model speculative decoding (vLLM only)'),
  port: z.number().int().min(1024).max(65533).default(8000),
  contextWindow: z
    .number()
    .int()
    .min(2)
    .optional()
    .describe("The model's context window; maxModelLen may not exceed it"),
  otlpTracesEndpoint: templateOptional(
    z
      .string()
      .url('must be an http(s) URL')
      .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL without spaces'),
  ).describe(
    'OTLP endpoint for request traces (Langfuse, Phoenix, a collector)',
  ),
  otlpProtocol: z
    .enum(['http/protobuf', 'grpc'])
    .default('http/protobuf')
    .describe(
      "The endpoint's OTLP protocol: TGI exports gRPC only, Triton HTTP only, vLLM either",
    ),
  tracingBackend: z
    .enum(['langfuse', 'phoenix', 'langsmith', 'opentelemetry'])
    .optional()
    .describe(
      'The back end behind the endpoint: Langfuse and LangSmith take OTLP/HTTP only',
    ),
});

/**
 * `ai-refarch:engine-args`: the command, arguments, environment and model
 * configuration of vLLM, TGI or Triton for typed settings. Templates render
 * the lists with `| dump`, never by joining strings.
 *
 * @public
 */
export function createEngineArgsAction(
  options: { images?: ServingImages } = {},
) {
  const images = options.images ?? DEFAULT_SERVING_IMAGES;
  return createTemplateAction({
    id: 'ai-refarch:engine-args',
    description:
      'Builds the command line of vLLM, TGI or Triton from typed settings, plus the queue metric to autoscale on.',
    examples,
    supportsDryRun: true,
    schema: {
      input: () => engineArgsInput,
      output: () =>
        z.object({
          command: z.array(z.string()),
          args: z.array(z.string()),
          env: z.record(z.string()),
          tritonBuild: z.record(z.unknown()).optional(),
          queueMetric: z.string(),
          availabilitySli: z.record(z.unknown()),
          ttftHistogram: z.object({
            name: z.string(),
            bucketUnit: z.string(),
            buckets: z.array(z.string()),
          }),
          image: z
            .string()
            .describe('The runtime image (aiRefarch.servingImages)'),
          storageInitializerImage: z
            .string()
            .describe("KServe's storage initializer image"),
          guardImage: z
            .string()
            .describe(
              'The Python image the prompt-injection guard in front of the server runs on',
            ),
        }),
    },
    async handler(ctx) {
      const settings = parseInput(engineArgsInput, ctx.input);
      const result = withInputErrors(() => engineCommand(settings));
      ctx.output('command', result.command);
      ctx.output('args', result.args);
      ctx.output('env', result.env);
      if (result.tritonBuild) ctx.output('tritonBuild', result.tritonBuild);
      ctx.output('queueMetric', result.queueMetric);
      ctx.output('availabilitySli', result.availabilitySli);
      ctx.output('ttftHistogram', result.ttftHistogram);
      ctx.output('image', images[settings.runtime]);
      ctx.output('storageInitializerImage', images.storageInitializer);
      ctx.output('guardImage', images.guard);
    },
  });
}
