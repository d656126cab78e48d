import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createPublishLocalChangeAction } from './publishLocalChange';
import { rawInputContext } from './__testUtils__/rawInputContext';
import { runExample } from './__testUtils__/runExample';

describe('ai-refarch:publish:local-change', () => {
  const publish = createMockDirectory();
  const workspace = createMockDirectory();
  const action = createPublishLocalChangeAction({ directory: publish.path });

  beforeEach(() => {
    publish.setContent({ 'support-chat/kubernetes/deployment.yaml': 'v3\n' });
    workspace.setContent({ 'rollback/kubernetes/deployment.yaml': 'v2\n' });
  });

  const run = async (input: object) => {
    const ctx = rawInputContext(action, input, workspace.path);
    await action.handler(ctx);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };

  it('writes the changed files and CHANGE.md beside the repository, leaving it as it was', async () => {
    const out = await runExample(action, 0, { workspacePath: workspace.path });
    const target = join(
      publish.path,
      '.changes/support-chat/rollback/support-llm-2',
    );
    expect(out).toEqual({
      changeUrl: pathToFileURL(target).toString(),
      localPath: target,
      files: ['kubernetes/deployment.yaml'],
    });
    expect(
      await readFile(join(target, 'kubernetes/deployment.yaml'), 'utf8'),
    ).toBe('v2\n');
    expect(
      await readFile(
        join(publish.path, 'support-chat/kubernetes/deployment.yaml'),
        'utf8',
      ),
    ).toBe('v3\n');
    expect(await readFile(join(target, 'CHANGE.md'), 'utf8')).toContain(
      '# Roll back support\\-llm to version 2 on support\\-chat',
    );
  });

  it.each([
    [{ repo: 'nope' }, /^repo: there is no repository called "nope" in /],
    [
      { repo: '../etc' },
      'repo: must be a repository of the local publish directory',
    ],
    [
      { branch: 'rollback/../../x' },
      'branch: must not have empty, "." or ".." parts',
    ],
    [{ branch: '-x' }, 'branch: must be letters, digits, ".", "_", "/" or "-"'],
    [{ sourcePath: '../..' }, /^sourcePath: /],
    [{ sourcePath: 'empty' }, 'sourcePath: empty holds no changed files'],
  ])('refuses %j, naming the field', async (patch, message) => {
    workspace.addContent({ empty: {} });
    await expect(
      run({
        repo: 'support-chat',
        branch: 'rollback/support-llm-2',
        title: 'Roll back',
        sourcePath: 'rollback',
        ...patch,
      }),
    ).rejects.toThrow(message);
  });
});
