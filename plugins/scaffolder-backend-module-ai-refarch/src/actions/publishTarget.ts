import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { parseInput } from './parseInput';
import { LOCAL_REPO_NAME } from './publishLocal';
import { examples } from './publishTarget.examples';

/**
 * The Git hosts the golden-path templates publish to, by the type of the
 * SCM integration configured for the host, with the scaffolder action that
 * each template's publish step of that type runs.
 */
export const PUBLISH_ACTIONS = {
  github: 'publish:github',
  gitlab: 'publish:gitlab',
  bitbucketServer: 'publish:bitbucketServer',
  bitbucketCloud: 'publish:bitbucketCloud',
  azure: 'publish:azure',
} as const;

export type PublishType = keyof typeof PUBLISH_ACTIONS | 'local';

const publishTargetInput = z.object({
  repoUrl: z
    .string()
    .describe(
      "The RepoUrlPicker's value: host?owner=…&repo=… (project, workspace or organization where the host needs them)",
    ),
});

/**
 * Decides which publish step of a golden-path template runs: the type of the
 * SCM integration configured for the chosen host, or `local` where
 * `aiRefarch.localPublish.directory` is set (development portals, which
 * publish every repository there instead of to the host). It runs first, so
 * that a host without an integration, or of a type the templates do not
 * publish to, fails before anything is rendered.
 */
export function createPublishTargetAction(options: {
  integrations: ScmIntegrationRegistry;
  localPublish: boolean;
}) {
  const supported = Object.keys(PUBLISH_ACTIONS).join(', ');
  return createTemplateAction({
    id: 'ai-refarch:publish-target',
    description:
      'Checks the repository location and says which publish step runs: the SCM integration type of its host, or local where local publishing is configured.',
    examples,
    supportsDryRun: true,
    schema: {
      input: () => publishTargetInput,
      output: () =>
        z.object({
          type: z
            .enum([
              'local',
              ...(Object.keys(PUBLISH_ACTIONS) as [
                keyof typeof PUBLISH_ACTIONS,
              ]),
            ])
            .describe('The publish step to run'),
          host: z.string().describe('The chosen Git host'),
          repo: z.string().describe('The repository name'),
        }),
    },
    async handler(ctx) {
      const { repoUrl } = parseInput(publishTargetInput, ctx.input);
      const { host, repo } = locate(repoUrl, options);
      if (options.localPublish) {
        if (!LOCAL_REPO_NAME.test(repo)) {
          throw new InputError(
            `repoUrl: the repository name "${repo}" must be lower-case letters, digits, ".", "_" or "-" for local publishing`,
          );
        }
        ctx.logger.info(
          `aiRefarch.localPublish.directory is set: publishing ${repo} to the local directory instead of ${host}`,
        );
        ctx.output('type', 'local');
      } else {
        const type = options.integrations.byHost(host)?.type;
        if (!type || !(type in PUBLISH_ACTIONS)) {
          throw new InputError(
            `repoUrl: ${host} is a ${type} integration; these templates publish to ${supported}`,
          );
        }
        ctx.logger.info(
          `Publishing to ${host} with ${
            PUBLISH_ACTIONS[type as keyof typeof PUBLISH_ACTIONS]
          }`,
        );
        ctx.output('type', type);
      }
      ctx.output('host', host);
      ctx.output('repo', repo);
    },
  });
}

function locate(
  repoUrl: string,
  options: { integrations: ScmIntegrationRegistry; localPublish: boolean },
): { host: string; repo: string } {
  let url: URL;
  try {
    url = new URL(`https://${repoUrl}`);
  } catch {
    throw new InputError(
      `repoUrl: "${repoUrl}" is not a repository location (host?owner=…&repo=…)`,
    );
  }
  if (options.localPublish) {
    // The host is not written to; only the name must be there.
    const repo = url.searchParams.get('repo');
    if (!repo) throw new InputError('repoUrl: the repository name is missing');
    return { host: url.host, repo };
  }
  if (!options.integrations.byHost(url.host)) {
    throw new InputError(
      `repoUrl: no SCM integration is configured for ${url.host}; add it under integrations in app-config.yaml, or pick a configured host`,
    );
  }
  try {
    const { host, repo } = parseRepoUrl(repoUrl, options.integrations);
    return { host, repo };
  } catch (error) {
    throw new InputError(
      `repoUrl: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
