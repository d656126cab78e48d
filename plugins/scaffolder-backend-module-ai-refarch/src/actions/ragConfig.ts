import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { z } from 'zod/v3';
import { cronProblem, longestIntervalHours } from '../encoders/cron';
import { dnsLabel, parseInput, templateOptional } from './parseInput';
import { resolveInside } from './paths';
import { examples } from './ragConfig.examples';

const score = z
  .number()
  .min(0, 'must be between 0 and 1')
  .max(1, 'must be between 0 and 1');
const url = z.string().regex(/^https?:\/\/[^\s"']+$/, 'must be an http(s) URL');
const databaseUrl = z
  .string()
  .regex(
    /^(https?|postgresql):\/\/[^\s"']+$/,
    'must be an http(s) or postgresql URL',
  );
const modelRef = z
  .string()
  .regex(
    /^aimodel:[a-z0-9-]+\/[a-z0-9][-a-z0-9.]*$/,
    'must be an AIModel entity reference',
  );

export const ragConfigInput = z.object({
  service: dnsLabel('must be lower-case letters, digits and dashes'),
  vectorDb: z.object({
    type: z.enum(['pgvector', 'qdrant', 'weaviate', 'pinecone']),
    url: databaseUrl,
    collection: z
      .string()
      .regex(
        /^[a-z][a-z0-9_]{0,62}$/,
        'must be lower-case letters, digits and underscores, starting with a letter',
      ),
    metric: z.enum(['cosine', 'dot', 'euclidean']).default('cosine'),
  }),
  embedding: z.object({
    model: modelRef,
    endpoint: url,
    dimensions: z.number().int().min(8).max(16384),
  }),
  reranker: templateOptional(
    z.object({
      model: modelRef,
      endpoint: url,
      topN: z.number().int().min(1).max(100),
    }),
  ),
  chunking: z.object({
    strategy: z.enum(['recursive', 'sentence', 'fixed']),
    chunkSize: z.number().int().min(64, 'must be at least 64 tokens').max(8192),
    chunkOverlap: z.number().int().min(0, 'must not be negative'),
  }),
  retrieval: z.object({ topK: z.number().int().min(1).max(200) }),
  evaluation: z.object({
    faithfulness: score,
    answerRelevancy: score,
    contextPrecision: score,
  }),
  audit: z
    .object({
      sink: z.enum(['stdout', 'otlp']).default('stdout'),
      includePayloads: z.boolean().default(false),
    })
    .default({}),
  tracing: z.enum(['langfuse', 'phoenix', 'langsmith', 'none']).default('none'),
  freshness: z.object({
    schedule: z.string().superRefine((value, ctx) => {
      const problem = cronProblem(value);
      if (problem)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    }),
    scheduler: z.enum(['argo-cronworkflow', 'k8s-cronjob']),
  }),
  targetPath: z.string().default('config/rag.yaml'),
});

/**
 * `ai-refarch:rag-config`: the configuration file of a RAG service and its
 * ingestion pipeline (vector database, embedding and re-ranking models,
 * chunking, retrieval, evaluation thresholds, audit log), checked as a
 * whole, so the service and the CI read one validated file.
 */
export function createRagConfigAction() {
  return createTemplateAction({
    id: 'ai-refarch:rag-config',
    description:
      'Writes the validated configuration of a RAG service: vector database, models, chunking, retrieval, Ragas thresholds, audit log.',
    examples,
    supportsDryRun: true,
    schema: {
      input: () => ragConfigInput,
      output: () =>
        z.object({
          path: z.string(),
          freshnessHours: z
            .number()
            .describe(
              "How old the index may grow: one and a half of the schedule's longest interval between runs, in whole hours",
            ),
        }),
    },
    async handler(ctx) {
      const { targetPath, ...config } = parseInput(ragConfigInput, ctx.input);
      if (config.chunking.chunkOverlap >= config.chunking.chunkSize) {
        throw new InputError(
          `chunking.chunkOverlap: ${config.chunking.chunkOverlap} tokens of overlap must be less than the chunk size of ${config.chunking.chunkSize}`,
        );
      }
      if (config.reranker && config.reranker.topN > config.retrieval.topK) {
        throw new InputError(
          `reranker.topN: the re-ranker cannot keep ${config.reranker.topN} of the ${config.retrieval.topK} retrieved chunks`,
        );
      }
      const target = resolveInside(
        ctx.workspacePath,
        targetPath,
        'targetPath',
        'the workspace',
      );
      await mkdir(dirname(target), { recursive: true });
      await writeFile(
        target,
        `# Written by the rag-stack golden path (ai-refarch:rag-config). The service,\n# the ingestion pipeline and the evaluation in CI all read this file.\n${yaml.stringify(
          config,
        )}`,
      );
      ctx.output('path', relative(ctx.workspacePath, target));
      ctx.output(
        'freshnessHours',
        Math.ceil(longestIntervalHours(config.freshness.schedule) * 1.5),
      );
    },
  });
}
