import { mkdtemp, mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConflictError } from '@backstage/errors';
import { createPublishLocalAction } from './publishLocal';

describe('ai-refarch:publish:local', () => {
  let root: string;
  let workspacePath: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'publish-root-'));
    workspacePath = await mkdtemp(join(tmpdir(), 'publish-ws-'));
    await writeFile(
      join(workspacePath, 'catalog-info.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: fraud-scorer\n',
    );
    await mkdir(join(workspacePath, 'docs'));
    await writeFile(join(workspacePath, 'docs', 'runbook.md'), '# Runbook\n');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(workspacePath, { recursive: true, force: true });
  });

  function setup() {
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockResolvedValue({
        location: { id: '1', type: 'file', target: 'x' },
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Location',
            metadata: { name: 'generated' },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'fraud-scorer', namespace: 'default' },
          },
        ],
      }),
    });
    const action = createPublishLocalAction({ directory: root, catalog });
    return { action, catalog };
  }

  it('copies the workspace and registers its catalog file, with defaults for optional input', async () => {
    const { action, catalog } = setup();
    const ctx = createMockActionContext({
      workspacePath,
      // Only the required input: the defaults must apply in the handler.
      input: { name: 'fraud-scorer' } as never,
    });

    await action.handler(ctx);

    const target = join(root, 'fraud-scorer');
    expect(await readFile(join(target, 'docs', 'runbook.md'), 'utf8')).toBe(
      '# Runbook\n',
    );
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target: join(target, 'catalog-info.yaml') },
      expect.anything(),
    );
    expect(ctx.output).toHaveBeenCalledWith('localPath', target);
    expect(ctx.output).toHaveBeenCalledWith('remoteUrl', `file://${target}`);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/fraud-scorer',
    );
  });

  it('writes nothing in a dry run', async () => {
    const { action, catalog } = setup();
    // createMockActionContext drops isDryRun, so it is set afterwards.
    const ctx = {
      ...createMockActionContext({
        workspacePath,
        input: {
          name: 'fraud-scorer',
          catalogInfoPath: '/catalog-info.yaml',
          register: true,
        },
      }),
      isDryRun: true,
    };

    await action.handler(ctx);

    await expect(
      readFile(join(root, 'fraud-scorer', 'catalog-info.yaml')),
    ).rejects.toThrow();
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith(
      'localPath',
      join(root, 'fraud-scorer'),
    );
  });

  it('refuses to overwrite an existing repository and names the field', async () => {
    const { action } = setup();
    await mkdir(join(root, 'fraud-scorer'));
    await writeFile(join(root, 'fraud-scorer', 'keep.txt'), 'precious');
    const ctx = createMockActionContext({
      workspacePath,
      input: {
        name: 'fraud-scorer',
        catalogInfoPath: '/catalog-info.yaml',
        register: true,
      },
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      /^name: a repository called "fraud-scorer" already exists/,
    );
    expect(await readFile(join(root, 'fraud-scorer', 'keep.txt'), 'utf8')).toBe(
      'precious',
    );
  });

  it.each([
    [
      'sourcePath',
      { name: 'svc', sourcePath: '../../etc' },
      /^sourcePath: .* is outside the workspace/,
    ],
    [
      'catalogInfoPath',
      { name: 'svc', catalogInfoPath: '/../../escape.yaml' },
      /^catalogInfoPath: .* is outside the published repository/,
    ],
    [
      'catalogInfoPath',
      { name: 'svc', catalogInfoPath: '/missing.yaml' },
      /^catalogInfoPath: the published repository has no/,
    ],
  ])('rejects a bad %s', async (_field, input, message) => {
    const { action } = setup();
    const ctx = createMockActionContext({
      workspacePath,
      input: {
        catalogInfoPath: '/catalog-info.yaml',
        register: true,
        ...input,
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(message);
  });

  it('declares a name pattern that refuses path separators', () => {
    const { action } = setup();
    const nameSchema = (action.schema?.input as any).properties.name;
    const pattern = new RegExp(nameSchema.pattern);
    expect(pattern.test('fraud-scorer')).toBe(true);
    expect(pattern.test('../etc')).toBe(false);
    expect(pattern.test('a/b')).toBe(false);
    expect(pattern.test('Upper')).toBe(false);
  });

  it('refuses a catalog file without an entity, naming the field', async () => {
    const { action } = setup();
    await writeFile(
      join(workspacePath, 'catalog-info.yaml'),
      '# nothing here\n',
    );
    const ctx = createMockActionContext({
      workspacePath,
      input: { name: 'empty' } as never,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /^catalogInfoPath: \/catalog-info.yaml holds no entity with a kind and metadata.name/,
    );
  });

  it('treats an existing registration as success', async () => {
    const { action, catalog } = setup();
    catalog.addLocation.mockRejectedValue(
      new ConflictError('Location already exists'),
    );
    const ctx = createMockActionContext({
      workspacePath,
      input: {
        name: 'svc',
        catalogInfoPath: '/catalog-info.yaml',
        register: true,
      },
    });
    await expect(action.handler(ctx)).resolves.toBeUndefined();
  });
});
