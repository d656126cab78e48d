import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createPublishLocalAction } from './publishLocal';
import { runExample } from './__testUtils__/runExample';

describe('ai-refarch:publish:local examples', () => {
  const root = createMockDirectory();
  const workspace = createMockDirectory({
    content: {
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: fraud-scorer\n',
      'infra/main.tf': 'terraform {}\n',
    },
  });
  const catalog = catalogServiceMock.mock({
    addLocation: jest.fn().mockResolvedValue({
      location: { id: '1', type: 'file', target: 'x' },
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'fraud-scorer', namespace: 'default' },
        },
      ],
    }),
  });
  const action = createPublishLocalAction({ directory: root.path, catalog });

  it('publishes the workspace and registers its catalog-info.yaml', async () => {
    const out = await runExample(action, 0, { workspacePath: workspace.path });
    expect(existsSync(join(out.localPath, 'catalog-info.yaml'))).toBe(true);
    expect(out.entityRef).toBe('component:default/fraud-scorer');
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
  });

  it('publishes one sub-directory without registering it', async () => {
    (catalog.addLocation as jest.Mock).mockClear();
    const out = await runExample(action, 1, { workspacePath: workspace.path });
    expect(existsSync(join(out.localPath, 'main.tf'))).toBe(true);
    expect(out.entityRef).toBeUndefined();
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });
});
