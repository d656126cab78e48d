import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'yaml';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createRagConfigAction } from './ragConfig';
import { runExample } from './__testUtils__/runExample';

describe('ai-refarch:rag-config examples', () => {
  const workspace = createMockDirectory();

  it('writes config/rag.yaml from the example', async () => {
    const out = await runExample(createRagConfigAction(), 0, {
      workspacePath: workspace.path,
    });
    expect(out.path).toBe('config/rag.yaml');
    const config = yaml.parse(
      await readFile(join(workspace.path, out.path), 'utf8'),
    );
    expect(config.vectorDb.type).toBeDefined();
    expect(config.chunking.chunkOverlap).toBeLessThan(
      config.chunking.chunkSize,
    );
  });
});
