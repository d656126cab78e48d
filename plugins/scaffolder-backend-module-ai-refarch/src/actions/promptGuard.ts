import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DATA_CLASSIFICATIONS } from '@ai-refarch/plugin-ai-model-common';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { z } from 'zod/v3';
import { dnsLabel, parseInput } from './parseInput';
import { resolveInside } from './paths';
import { examples } from './promptGuard.examples';

/** Personal or regulated data: the output filter must redact it. */
export const REDACTION_REQUIRED = ['pii', 'phi', 'pci'];

export const PII_KINDS = [
  'email',
  'phone',
  'credit-card',
  'us-ssn',
  'iban',
  'ipv4',
] as const;

export const promptGuardInput = z.object({
  service: dnsLabel('must be lower-case letters, digits and dashes'),
  dataClassification: z.enum(DATA_CLASSIFICATIONS, {
    errorMap: () => ({
      message: `must be one of ${DATA_CLASSIFICATIONS.join(', ')}`,
    }),
  }),
  /** The service puts retrieved documents before a model (a RAG service). */
  retrieval: z.boolean().default(false),
  inputScreen: z
    .object({
      action: z.enum(['block', 'flag']).default('block'),
      maxChars: z.number().int().min(1).max(1_000_000).default(8000),
    })
    .default({}),
  /** Defaults to on for confidential, personal and regulated data. */
  redactPii: z.boolean().optional(),
  targetPath: z.string().default('.'),
});

/** The guard's modules that CI runs and a service does not. */
const RUN_IN_CI_ONLY = ['tests.py', 'check_corpus.py'];

/** Where the guard's Python package is in this package. */
const GUARD_SOURCE = 'assets/guard';

/**
 * `ai-refarch:prompt-guard`: the prompt-injection guard of a service that
 * puts untrusted text before a model: the `guard/` Python package (input
 * screen, retrieved content fenced apart from instructions, PII output
 * filter, and the corpus of known injections that CI runs it against) and
 * its settings in `config/guard.yaml`, which the scorecard reads.
 */
export function createPromptGuardAction(options: { source?: string } = {}) {
  const source =
    options.source ??
    resolvePackagePath(
      '@ai-refarch/plugin-scaffolder-backend-module-ai-refarch',
      GUARD_SOURCE,
    );
  return createTemplateAction({
    id: 'ai-refarch:prompt-guard',
    description:
      'Writes the prompt-injection guard of a service that puts untrusted text before a model: input screen, fenced retrieved content, PII output filter, the injection corpus CI runs it against, and config/guard.yaml.',
    examples,
    supportsDryRun: true,
    schema: {
      input: () => promptGuardInput,
      output: () =>
        z.object({
          configPath: z.string(),
          redactPii: z.boolean(),
          runtimeFiles: z
            .record(z.string())
            .describe(
              "The guard's modules that run in a service or in front of a model server (not its tests or corpus check), by file name, each with its path in the workspace: the keys and files of a ConfigMap that carries them",
            ),
        }),
    },
    async handler(ctx) {
      const input = parseInput(promptGuardInput, ctx.input);
      const required = REDACTION_REQUIRED.includes(input.dataClassification);
      if (input.redactPii === false && required) {
        throw new InputError(
          `redactPii: ${input.dataClassification} data must be redacted from what the service returns`,
        );
      }
      const redactPii =
        input.redactPii ??
        (required || input.dataClassification === 'confidential');
      const root = resolveInside(
        ctx.workspacePath,
        input.targetPath,
        'targetPath',
        'the workspace',
      );
      await cp(source, join(root, 'guard'), {
        recursive: true,
        filter: path => !/__pycache__|\.pyc$/.test(path),
      });
      const config = {
        service: input.service,
        dataClassification: input.dataClassification,
        inputScreen: {
          enabled: true,
          action: input.inputScreen.action,
          maxChars: input.inputScreen.maxChars,
          extraPatterns: [],
        },
        ...(input.retrieval && {
          retrievedContent: { fence: true, screen: true },
        }),
        outputFilter: { redactPii, piiKinds: [...PII_KINDS] },
        corpus: { minBlockRate: 0.9, maxFalsePositiveRate: 0.05 },
      };
      const configPath = join(root, 'config', 'guard.yaml');
      await mkdir(join(root, 'config'), { recursive: true });
      await writeFile(
        configPath,
        `# Written by the golden path (ai-refarch:prompt-guard). The guard in guard/ reads it,
# CI runs it against guard/corpus (python -m guard.check_corpus), and the
# scorecard's security-compliance.prompt-injection-guard rule grades it.
${yaml.stringify(config)}`,
      );
      ctx.output('configPath', relative(ctx.workspacePath, configPath));
      ctx.output('redactPii', redactPii);
      ctx.output(
        'runtimeFiles',
        Object.fromEntries(
          (await readdir(source))
            .filter(f => f.endsWith('.py') && !RUN_IN_CI_ONLY.includes(f))
            .sort()
            .map(f => [f, relative(ctx.workspacePath, join(root, 'guard', f))]),
        ),
      );
    },
  });
}
