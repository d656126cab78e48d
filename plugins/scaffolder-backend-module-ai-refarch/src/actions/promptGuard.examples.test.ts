import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'yaml';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createPromptGuardAction } from './promptGuard';
import { runExample } from './__testUtils__/runExample';

describe('ai-refarch:prompt-guard examples', () => {
  const workspace = createMockDirectory();

  it('writes the guard and config/guard.yaml from the example', async () => {
    const out = await runExample(createPromptGuardAction(), 0, {
      workspacePath: workspace.path,
    });
    expect(out).toMatchObject({
      configPath: 'config/guard.yaml',
      redactPii: true,
      runtimeFiles: expect.objectContaining({ 'proxy.py': 'guard/proxy.py' }),
    });
    const config = yaml.parse(
      await readFile(join(workspace.path, out.configPath), 'utf8'),
    );
    expect(config.retrievedContent).toEqual({ fence: true, screen: true });
  });
});
