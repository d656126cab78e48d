import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { parseInput } from './parseInput';
import { resolveInside } from './paths';
import { LOCAL_REPO_NAME } from './publishLocal';
import { examples } from './publishLocalChange.examples';
import { markdownText } from '../encoders/markdown';

/** Where changes are kept: a name no repository can have (they start with a letter or digit). */
export const LOCAL_CHANGES_DIRECTORY = '.changes';

const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;

const publishLocalChangeInput = z.object({
  repo: z
    .string()
    .regex(
      LOCAL_REPO_NAME,
      'must be a repository of the local publish directory',
    )
    .describe('The locally published repository the change is for'),
  branch: z
    .string()
    .regex(BRANCH, 'must be letters, digits, ".", "_", "/" or "-"')
    .refine(b => !b.split('/').some(p => p === '' || p === '.' || p === '..'), {
      message: 'must not have empty, "." or ".." parts',
    }),
  title: z.string().trim().min(1).max(300),
  description: z.string().default(''),
  sourcePath: z
    .string()
    .default('.')
    .describe(
      'The workspace directory holding the changed files, laid out as in the repository',
    ),
});

/**
 * `ai-refarch:publish:local-change`: the development stand-in for a pull
 * request. It writes the changed files of a locally published repository to
 * `<publish directory>/.changes/<repo>/<branch>/`, with the title and
 * description in `CHANGE.md`, and leaves the repository itself as it is: a
 * change is proposed, not applied. Registered only where
 * `aiRefarch.localPublish.directory` is set.
 */
export function createPublishLocalChangeAction(options: { directory: string }) {
  const root = resolvePath(options.directory);
  return createTemplateAction({
    id: 'ai-refarch:publish:local-change',
    description:
      'Proposes a change to a locally published repository (development only): the changed files and CHANGE.md beside it.',
    examples,
    schema: {
      input: () => publishLocalChangeInput,
      output: () =>
        z.object({
          changeUrl: z.string().describe('file: URL of the proposed change'),
          localPath: z.string(),
          files: z.array(z.string()),
        }),
    },
    async handler(ctx) {
      const { repo, branch, title, description, sourcePath } = parseInput(
        publishLocalChangeInput,
        ctx.input,
      );
      try {
        await readdir(join(root, repo));
      } catch {
        throw new InputError(
          `repo: there is no repository called "${repo}" in ${root}`,
        );
      }
      const source = resolveInside(
        ctx.workspacePath,
        sourcePath,
        'sourcePath',
        'the workspace',
      );
      const files = (
        await readdir(source, { recursive: true, withFileTypes: true })
      )
        .filter(e => e.isFile())
        .map(e => join(e.parentPath, e.name).slice(source.length + 1))
        .sort();
      if (!files.length) {
        throw new InputError(
          `sourcePath: ${sourcePath} holds no changed files`,
        );
      }
      const target = join(
        root,
        LOCAL_CHANGES_DIRECTORY,
        repo,
        ...branch.split('/'),
      );
      // Proposing the same branch again replaces it, as a force-push would.
      await rm(target, { recursive: true, force: true });
      await mkdir(target, { recursive: true });
      await cp(source, target, { recursive: true });
      await writeFile(
        join(target, 'CHANGE.md'),
        `# ${markdownText(
          title,
        )}\n\nBranch \`${branch}\` of ${repo}; changed files:\n\n${files
          .map(f => `- ${f}`)
          .join('\n')}\n\n${description}\n`,
      );
      ctx.logger.info(
        `Proposed ${files.length} changed file(s) of ${repo} in ${target}`,
      );
      ctx.output('changeUrl', pathToFileURL(target).toString());
      ctx.output('localPath', target);
      ctx.output('files', files);
    },
  });
}
