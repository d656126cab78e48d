import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { readTemplate } from '@internal/test-kit';
import { RepoUrlHostsProcessor } from './RepoUrlHostsProcessor';

const template = (annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 't',
    annotations: {
      'ai-refarch.io/repo-url-hosts': 'app-config',
      ...annotations,
    },
  },
  spec: {
    parameters: [
      { properties: { name: { type: 'string' } } },
      {
        properties: {
          repoUrl: { type: 'string', 'ui:field': 'RepoUrlPicker' },
          mirror: {
            type: 'string',
            'ui:field': 'RepoUrlPicker',
            'ui:options': { allowedHosts: ['own.example.com'] },
          },
        },
        dependencies: {
          mirror: {
            oneOf: [
              {
                properties: {
                  docsRepo: { type: 'string', 'ui:field': 'RepoUrlPicker' },
                },
              },
            ],
          },
        },
      },
    ],
    steps: [],
  },
});

const picker = (entity: Entity, page: number, name: string) =>
  (entity.spec as any).parameters[page].properties[name]['ui:options'];

describe('RepoUrlHostsProcessor', () => {
  it('offers the hosts of aiRefarch.publish.allowedHosts where a picker names none', async () => {
    const processor = RepoUrlHostsProcessor.fromConfig(
      new ConfigReader({
        aiRefarch: { publish: { allowedHosts: ['ghe.example.com'] } },
      }),
    );
    const input = template();
    const out = await processor.preProcessEntity(input);
    expect(picker(out, 1, 'repoUrl')).toEqual({
      allowedHosts: ['ghe.example.com'],
    });
    // A template's own list stays.
    expect(picker(out, 1, 'mirror')).toEqual({
      allowedHosts: ['own.example.com'],
    });
    expect(
      (out.spec as any).parameters[1].dependencies.mirror.oneOf[0].properties
        .docsRepo['ui:options'],
    ).toEqual({ allowedHosts: ['ghe.example.com'] });
    // The entity the catalog passed in is not changed.
    expect(picker(input, 1, 'repoUrl')).toBeUndefined();
  });

  it('defaults to the hosts of the configured integrations the templates publish to', async () => {
    const processor = RepoUrlHostsProcessor.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: 'ghe.example.com',
              apiBaseUrl: 'https://ghe.example.com/api/v3',
            },
          ],
          gitlab: [
            {
              host: 'gitlab.example.com',
              apiBaseUrl: 'https://gitlab.example.com/api/v4',
            },
          ],
          gerrit: [
            {
              host: 'gerrit.example.com',
              gitilesBaseUrl: 'https://gerrit.example.com/gitiles',
            },
          ],
        },
      }),
    );
    const hosts = picker(
      await processor.preProcessEntity(template()),
      1,
      'repoUrl',
    ).allowedHosts;
    expect(hosts).toEqual(
      expect.arrayContaining(['ghe.example.com', 'gitlab.example.com']),
    );
    // Gerrit has no publish step in the templates.
    expect(hosts).not.toContain('gerrit.example.com');
  });

  it('leaves templates without the annotation, and other kinds, as they are', async () => {
    const processor = new RepoUrlHostsProcessor(['ghe.example.com']);
    const plain = template();
    delete plain.metadata.annotations;
    expect(await processor.preProcessEntity(plain)).toBe(plain);
    const component = { ...template(), kind: 'Component' };
    expect(await processor.preProcessEntity(component)).toBe(component);
  });

  it('refuses an annotation value it does not know, naming the annotation', async () => {
    await expect(
      new RepoUrlHostsProcessor([]).preProcessEntity(
        template({ 'ai-refarch.io/repo-url-hosts': 'github.com' }),
      ),
    ).rejects.toThrow(
      'metadata.annotations["ai-refarch.io/repo-url-hosts"]: must be "app-config", got "github.com"',
    );
  });

  it('fills the picker of every golden-path template', async () => {
    const processor = new RepoUrlHostsProcessor(['ghe.example.com']);
    for (const name of [
      'ai-service',
      'gpu-k8s-cluster',
      'llm-serving',
      'rag-stack',
    ]) {
      const entity = readTemplate(name);
      const out = await processor.preProcessEntity(entity);
      const pages = (out.spec as any).parameters;
      expect(pages[pages.length - 1].properties.repoUrl['ui:options']).toEqual({
        allowedHosts: ['ghe.example.com'],
      });
    }
  });
});
