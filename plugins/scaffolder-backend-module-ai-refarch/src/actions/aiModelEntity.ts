import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { z } from 'zod/v3';
import {
  AI_MODEL_API_VERSION,
  AI_MODEL_KIND,
  aiModelEntityV1alpha1Validator,
  AIModelEntityV1alpha1,
  findAIModelInconsistencies,
} from '@ai-refarch/plugin-ai-model-common';
import { dnsLabel, parseInput, templateOptional } from './parseInput';
import { resolveInside } from './paths';
import { examples } from './aiModelEntity.examples';

export const aiModelEntityInput = z.object({
  name: dnsLabel('must be lower-case letters, digits and dashes, at most 63'),
  title: z.string().optional(),
  description: z.string().optional(),
  labels: z
    .record(z.string())
    .optional()
    .describe('Cost-attribution labels (team, tenant, model)'),
  annotations: z
    .record(z.string())
    .optional()
    .describe('Annotations, such as ai-refarch.io/runbook'),
  spec: z
    .record(z.unknown())
    .describe('The AIModel spec; validated against the kind'),
  moreSpec: templateOptional(z.record(z.unknown())).describe(
    "Spec fields known only for some models, such as resolve-model's productionSpec (aliases, risk, rollbackVersion, evaluations)",
  ),
  targetPath: z.string().default('catalog-info-model.yaml'),
  append: z
    .boolean()
    .default(false)
    .describe(
      'Add the entity as another YAML document to an existing file, such as catalog-info.yaml',
    ),
});

/**
 * `ai-refarch:aimodel-entity`: writes the AIModel entity of a generated
 * repository, validated against the kind's schema and cross-field rules, so
 * a template cannot register a model the catalog would reject.
 *
 * @public
 */
export function createAIModelEntityAction() {
  return createTemplateAction({
    id: 'ai-refarch:aimodel-entity',
    description:
      'Writes an AIModel entity for the generated repository, validated against the AIModel kind.',
    examples,
    supportsDryRun: true,
    schema: {
      input: () => aiModelEntityInput,
      output: () => z.object({ path: z.string(), entityRef: z.string() }),
    },
    async handler(ctx) {
      const input = parseInput(aiModelEntityInput, ctx.input);
      const entity = {
        apiVersion: AI_MODEL_API_VERSION,
        kind: AI_MODEL_KIND,
        metadata: {
          name: input.name,
          ...(input.title ? { title: input.title } : {}),
          ...(input.description ? { description: input.description } : {}),
          ...(input.labels ? { labels: input.labels } : {}),
          ...(input.annotations ? { annotations: input.annotations } : {}),
        },
        spec: { ...input.spec, ...input.moreSpec },
      } as AIModelEntityV1alpha1;
      try {
        await aiModelEntityV1alpha1Validator.check(entity);
      } catch (error) {
        // The validator names the field as a JSON pointer, e.g. /spec/type.
        throw new InputError(`spec: ${(error as Error).message}`);
      }
      const problems = findAIModelInconsistencies(entity);
      if (problems.length) throw new InputError(problems.join('; '));

      const target = resolveInside(
        ctx.workspacePath,
        input.targetPath,
        'targetPath',
        'the workspace',
      );
      await mkdir(dirname(target), { recursive: true });
      const document = yaml.stringify(entity);
      const existing = input.append
        ? await readFile(target, 'utf8').catch(() => '')
        : '';
      await writeFile(
        target,
        existing ? `${existing.trimEnd()}\n---\n${document}` : document,
      );
      ctx.output('path', relative(ctx.workspacePath, target));
      ctx.output('entityRef', `aimodel:default/${input.name}`);
    },
  });
}
