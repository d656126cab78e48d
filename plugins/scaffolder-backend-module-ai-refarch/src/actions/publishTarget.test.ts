import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { platformIntegrations } from '../__testUtils__/integrations';
import { createPublishTargetAction } from './publishTarget';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({ integrations: platformIntegrations }),
);

async function target(repoUrl: unknown, localPublish = false) {
  const action = createPublishTargetAction({ integrations, localPublish });
  const ctx = createMockActionContext({ input: { repoUrl } as any });
  await action.handler(ctx);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
}

describe('ai-refarch:publish-target', () => {
  it.each([
    ['ghe.example.com?owner=ml&repo=chat', 'github'],
    ['github.com?owner=ml&repo=chat', 'github'],
    ['gitlab.example.com?owner=ml%2Fserving&repo=chat', 'gitlab'],
    ['bitbucket.example.com?project=ML&repo=chat', 'bitbucketServer'],
    ['bitbucket.org?workspace=acme&project=ML&repo=chat', 'bitbucketCloud'],
    ['dev.azure.com?organization=acme&project=ml&repo=chat', 'azure'],
  ])('%s publishes with the %s step', async (repoUrl, type) => {
    expect(await target(repoUrl)).toEqual({
      type,
      host: repoUrl.split('?')[0],
      repo: 'chat',
    });
  });

  it('publishes locally wherever a local directory is configured, whatever the host', async () => {
    expect(
      await target('git.nowhere.example?owner=ml&repo=chat', true),
    ).toEqual({ type: 'local', host: 'git.nowhere.example', repo: 'chat' });
  });

  it.each([
    [
      'git.nowhere.example?owner=ml&repo=chat',
      'repoUrl: no SCM integration is configured for git.nowhere.example; add it under integrations in app-config.yaml, or pick a configured host',
    ],
    [
      'gerrit.example.com?repo=chat',
      'repoUrl: gerrit.example.com is a gerrit integration; these templates publish to github, gitlab, bitbucketServer, bitbucketCloud, azure',
    ],
    ['bitbucket.example.com?repo=chat', /^repoUrl: .*project/],
    ['ghe.example.com?owner=ml', /^repoUrl: .*repo/],
    [
      'exa mple.com?owner=ml&repo=chat',
      /^repoUrl: "exa mple.com\?owner=ml&repo=chat" is not a repository location/,
    ],
    [undefined, /^repoUrl: Required/],
  ])('refuses %s, naming the field', async (repoUrl, message) => {
    await expect(target(repoUrl)).rejects.toThrow(message);
  });

  it('refuses a repository name that cannot be a local directory', async () => {
    await expect(
      target('github.com?owner=ml&repo=../../etc', true),
    ).rejects.toThrow(
      'repoUrl: the repository name "../../etc" must be lower-case letters, digits, ".", "_" or "-" for local publishing',
    );
    await expect(target('github.com?owner=ml', true)).rejects.toThrow(
      'repoUrl: the repository name is missing',
    );
  });
});
