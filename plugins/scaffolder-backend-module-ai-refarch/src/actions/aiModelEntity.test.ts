import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'yaml';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { rawInputContext } from './__testUtils__/rawInputContext';
import { createAIModelEntityAction } from './aiModelEntity';

describe('ai-refarch:aimodel-entity', () => {
  const action = createAIModelEntityAction();
  const workspace = createMockDirectory();
  const context = (raw: object) => rawInputContext(action, raw, workspace.path);
  const spec = {
    type: 'llm',
    lifecycle: 'experimental',
    owner: 'group:applied-ml',
    provider: 'self-hosted',
    version: '1',
    dataClassification: 'internal',
    serving: { runtime: 'vllm' },
  };

  beforeEach(() => workspace.clear());

  it('writes a valid AIModel entity', async () => {
    const ctx = context({
      name: 'support-llm',
      labels: { 'ai-refarch.io/tenant': 'support' },
      spec,
    });
    await action.handler(ctx);
    const entity = yaml.parse(
      await readFile(join(workspace.path, 'catalog-info-model.yaml'), 'utf8'),
    );
    expect(entity).toMatchObject({
      apiVersion: 'ai-refarch.io/v1alpha1',
      kind: 'AIModel',
      metadata: { name: 'support-llm' },
      spec,
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'aimodel:default/support-llm',
    );
  });

  it('appends the entity as another document of an existing catalog-info.yaml', async () => {
    workspace.setContent({
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: support-llm-server\n',
    });
    await action.handler(
      context({
        name: 'support-llm',
        spec,
        targetPath: 'catalog-info.yaml',
        append: true,
      }),
    );
    const documents = yaml
      .parseAllDocuments(
        await readFile(join(workspace.path, 'catalog-info.yaml'), 'utf8'),
      )
      .map(d => d.toJS());
    expect(documents.map(d => `${d.kind}:${d.metadata.name}`)).toEqual([
      'Component:support-llm-server',
      'AIModel:support-llm',
    ]);
  });

  it.each([
    [{ name: 'Support LLM' }, /^name: must be lower-case/],
    [
      { spec: { ...spec, parameters: -1 } },
      /^spec: \/spec\/parameters must be >= 1/,
    ],
    [
      { spec: { ...spec, type: 'oracle' } },
      /^spec: \/spec\/type must be equal to one of the allowed values/,
    ],
    [
      { spec: { ...spec, provider: 'openai' } },
      /^spec.serving.runtime: a model from provider "openai" is a hosted API/,
    ],
    [
      { targetPath: '/etc/model.yaml' },
      /^targetPath: .* is outside the workspace/,
    ],
  ])('refuses %j, naming the field', async (patch, message) => {
    await expect(
      action.handler(context({ name: 'support-llm', spec, ...patch })),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
  });
});
