import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import yaml from 'yaml';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  createMockDirectory,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { aiModelEntityV1alpha1Validator } from '@ai-refarch/plugin-ai-model-common';
import { scaffolderModuleAiRefarch } from './module';

/*
 * Renders the repository's golden-path templates through the scaffolder's
 * real dry run (POST /api/scaffolder/v2/dry-run), with this module's actions,
 * and checks what they produce.
 */

const TEMPLATES = join(__dirname, '../../../templates');

function directoryContents(
  dir: string,
): { path: string; base64Content: string }[] {
  const files: { path: string; base64Content: string }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else
        files.push({
          path: relative(dir, full),
          base64Content: readFileSync(full).toString('base64'),
        });
    }
  };
  walk(dir);
  return files;
}

describe('golden-path templates, rendered by the scaffolder dry run', () => {
  jest.setTimeout(60_000);
  const publishDir = createMockDirectory();
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleAiRefarch,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'User',
              metadata: { name: 'mock', namespace: 'default' },
              spec: {},
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: { aiRefarch: { localPublish: { directory: publishDir.path } } },
        }),
      ],
    });
  });

  afterAll(() => backend?.stop());

  async function dryRun(templateName: string, values: Record<string, unknown>) {
    const dir = join(TEMPLATES, templateName);
    const template = yaml.parse(
      readFileSync(join(dir, 'template.yaml'), 'utf8'),
    );
    const res = await fetch(
      `http://localhost:${backend.server.port()}/api/scaffolder/v2/dry-run`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: mockCredentials.user.header(),
        },
        body: JSON.stringify({
          template,
          values,
          directoryContents: directoryContents(dir),
        }),
      },
    );
    return { status: res.status, body: await res.json() };
  }

  const files = (body: any): Record<string, string> =>
    Object.fromEntries(
      body.directoryContents.map(
        (f: { path: string; base64Content: string }) => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString('utf8'),
        ],
      ),
    );

  const aiService = {
    name: 'fraud-explainer',
    description: 'Explains fraud scores to analysts',
    owner: 'group:default/applied-ml',
    system: 'system:default/mlops',
    lifecycle: 'production',
    tenant: 'risk',
  };

  it('renders ai-service into a catalog entry with cost-attribution labels and nothing unrendered', async () => {
    const { status, body } = await dryRun('ai-service', aiService);
    expect({ status, error: body.error?.message }).toEqual({
      status: 200,
      error: undefined,
    });
    const rendered = files(body);
    expect(Object.keys(rendered).sort()).toEqual([
      'README.md',
      'catalog-info.yaml',
    ]);
    for (const text of Object.values(rendered))
      expect(text).not.toContain('${{');
    const entity = yaml.parse(rendered['catalog-info.yaml']);
    expect(entity).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'fraud-explainer',
        labels: {
          'ai-refarch.io/team': 'applied-ml',
          'ai-refarch.io/tenant': 'risk',
        },
      },
      spec: {
        owner: 'group:default/applied-ml',
        system: 'system:default/mlops',
        lifecycle: 'production',
      },
    });
    await expect(aiModelEntityV1alpha1Validator.check(entity)).resolves.toBe(
      false,
    );
    expect(body.output.links[0].url).toBe(
      `file://${join(publishDir.path, 'fraud-explainer')}`,
    );
  });

  it.each([
    [{ tenant: 'Risk Team' }, 'tenant'],
    [{ description: 'short' }, 'description'],
    [{ lifecycle: 'forever' }, 'lifecycle'],
  ])('refuses %j in the form, naming the field', async (patch, field) => {
    const { status, body } = await dryRun('ai-service', {
      ...aiService,
      ...patch,
    });
    expect(status).toBe(400);
    expect(JSON.stringify(body.errors)).toContain(field);
  });
});
