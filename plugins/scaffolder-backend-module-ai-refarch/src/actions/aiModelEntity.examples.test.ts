import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'yaml';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createAIModelEntityAction } from './aiModelEntity';
import { runExample } from './__testUtils__/runExample';

describe('ai-refarch:aimodel-entity examples', () => {
  const workspace = createMockDirectory();

  it('writes the AIModel entity of a new self-hosted model', async () => {
    const out = await runExample(createAIModelEntityAction(), 0, {
      workspacePath: workspace.path,
    });
    expect(out.entityRef).toBe('aimodel:default/llama-3-1-8b-support');
    const entity = yaml.parse(
      await readFile(join(workspace.path, out.path), 'utf8'),
    );
    expect(entity).toMatchObject({
      kind: 'AIModel',
      metadata: { name: 'llama-3-1-8b-support' },
      spec: { provider: 'self-hosted', serving: { runtime: 'vllm' } },
    });
  });
});
