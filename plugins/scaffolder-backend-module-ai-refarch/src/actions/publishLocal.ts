import { resolve as resolvePath, join } from 'node:path';
import { cp, mkdir, readdir, access, readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { pathToFileURL } from 'node:url';
import { InputError, ConflictError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { parseInput } from './parseInput';
import { resolveInside } from './paths';
import { examples } from './publishLocal.examples';

/** Repository names become directory names, so they stay one safe path segment. */
export const LOCAL_REPO_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

const publishLocalInput = z.object({
  name: z
    .string()
    .regex(
      LOCAL_REPO_NAME,
      'must be lower-case letters, digits, ".", "_" or "-", starting with a letter or digit, at most 100 characters',
    )
    .describe('Repository name; becomes a directory under the publish root'),
  sourcePath: z
    .string()
    .optional()
    .describe(
      'Sub-directory of the workspace to publish; defaults to all of it',
    ),
  catalogInfoPath: z
    .string()
    .default('/catalog-info.yaml')
    .describe('Path of the catalog file inside the published repository'),
  register: z
    .boolean()
    .default(true)
    .describe('Register the catalog file as a file location'),
});

/**
 * Copies the workspace into `<aiRefarch.localPublish.directory>/<name>` and,
 * unless told otherwise, registers its catalog file as a `file` location. It
 * exists so that the golden paths run end to end on a laptop without a Git
 * host; production installs publish with `publish:github` and friends.
 *
 * @public
 */
export function createPublishLocalAction(options: {
  directory: string;
  catalog: CatalogService;
}) {
  const root = resolvePath(options.directory);
  return createTemplateAction({
    id: 'ai-refarch:publish:local',
    description:
      'Publishes the workspace to a local directory (development only) and registers its catalog-info.yaml.',
    examples,
    supportsDryRun: true,
    schema: {
      input: () => publishLocalInput,
      output: () =>
        z.object({
          remoteUrl: z
            .string()
            .describe('file: URL of the published repository'),
          repoContentsUrl: z.string().describe('file: URL of its contents'),
          localPath: z
            .string()
            .describe('Absolute path of the published repository'),
          entityRef: z
            .string()
            .optional()
            .describe('The registered entity, when registered'),
        }),
    },
    async handler(ctx) {
      const { name, sourcePath, catalogInfoPath, register } = parseInput(
        publishLocalInput,
        ctx.input,
      );
      const source = resolveInside(
        ctx.workspacePath,
        sourcePath ?? '.',
        'sourcePath',
        'the workspace',
      );
      const target = join(root, name);
      // Leading slashes mean the repository root, as in catalog:register.
      const catalogFile = resolveInside(
        target,
        `.${catalogInfoPath.startsWith('/') ? '' : '/'}${catalogInfoPath}`,
        'catalogInfoPath',
        'the published repository',
        catalogInfoPath,
      );

      const remoteUrl = pathToFileURL(target).toString();
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', `${remoteUrl}/`);
      ctx.output('localPath', target);

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish ${source} to ${target}`);
        return;
      }

      if (await isNonEmptyDirectory(target)) {
        throw new InputError(
          `name: a repository called "${name}" already exists in ${root}; pick another name or remove it`,
        );
      }
      await mkdir(target, { recursive: true });
      await cp(source, target, { recursive: true });
      ctx.logger.info(`Published ${source} to ${target}`);

      if (!register) return;
      try {
        await access(catalogFile);
      } catch {
        throw new InputError(
          `catalogInfoPath: the published repository has no ${catalogInfoPath}`,
        );
      }
      const entityRef = await firstEntityRef(catalogFile);
      if (!entityRef) {
        throw new InputError(
          `catalogInfoPath: ${catalogInfoPath} holds no entity with a kind and metadata.name`,
        );
      }
      try {
        await options.catalog.addLocation(
          { type: 'file', target: catalogFile },
          { credentials: await ctx.getInitiatorCredentials() },
        );
      } catch (error) {
        if (!(error instanceof Error && error.name === ConflictError.name))
          throw error;
        ctx.logger.info(`${catalogFile} is already registered`);
      }
      // The catalog processes a new location in the background, so the
      // entity's reference comes from the file rather than from the answer.
      ctx.output('entityRef', entityRef);
    },
  });
}

/** The reference of the first non-Location entity in a catalog file. */
async function firstEntityRef(file: string): Promise<string | undefined> {
  for (const doc of parseAllDocuments(await readFile(file, 'utf8'))) {
    const entity = doc.toJS() as {
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown };
    } | null;
    const kind = entity?.kind;
    const name = entity?.metadata?.name;
    if (
      typeof kind === 'string' &&
      typeof name === 'string' &&
      kind !== 'Location'
    ) {
      const namespace =
        typeof entity?.metadata?.namespace === 'string'
          ? entity.metadata.namespace
          : 'default';
      return stringifyEntityRef({ kind, namespace, name });
    }
  }
  return undefined;
}

async function isNonEmptyDirectory(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length > 0;
  } catch {
    return false;
  }
}
