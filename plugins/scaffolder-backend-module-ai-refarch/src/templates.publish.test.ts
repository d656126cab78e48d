import { readTemplate } from '@internal/test-kit';
import { matrix, startDryRunBackend } from './__testUtils__/dryRun';
import { platformIntegrations } from './__testUtils__/integrations';
import { PUBLISH_ACTIONS } from './actions/publishTarget';

/*
 * The golden paths in a platform's own Backstage: no local publishing, the
 * platform's Git integrations, and the SCM publish modules installed. The
 * scaffolder's real dry run runs each template once per kind of Git host;
 * publish and register steps do not support dry runs, so the scaffolder logs
 * the inputs they would have received and skips them.
 */

const hosts: [keyof typeof PUBLISH_ACTIONS, string, string][] = [
  ['github', 'publish-github', 'ghe.example.com?owner=ml&repo=svc'],
  ['gitlab', 'publish-gitlab', 'gitlab.example.com?owner=ml&repo=svc'],
  [
    'bitbucketServer',
    'publish-bitbucket-server',
    'bitbucket.example.com?project=ML&repo=svc',
  ],
  [
    'bitbucketCloud',
    'publish-bitbucket-cloud',
    'bitbucket.org?workspace=acme&project=ML&repo=svc',
  ],
  [
    'azure',
    'publish-azure',
    'dev.azure.com?organization=acme&project=ml&repo=svc',
  ],
];

type LogEntry = { body: { message: string; stepId?: string; status?: string } };

/** The inputs the dry run logged for a step it did not run. */
function loggedInput(log: LogEntry[], stepId: string) {
  const entry = log.find(
    e =>
      e.body.stepId === stepId &&
      e.body.message.includes('in dry-run mode with inputs'),
  );
  if (!entry) return undefined;
  const message = entry.body.message;
  return JSON.parse(message.slice(message.indexOf('{')));
}

const skipped = (log: LogEntry[]) =>
  log
    .filter(e => e.body.message.includes('because its if condition was false'))
    .map(e => e.body.stepId)
    .filter(id => id?.startsWith('publish'))
    .sort();

describe('golden paths publish to the platform Git host', () => {
  // Each case is a real dry run of a template through the scaffolder: a few
  // seconds, more on a busy 2-core machine (as the other dry-run suites allow).
  jest.setTimeout(60_000);
  let backend: Awaited<ReturnType<typeof startDryRunBackend>>;
  beforeAll(async () => {
    backend = await startDryRunBackend({ integrations: platformIntegrations });
  });
  afterAll(() => backend?.stop());

  const templates = Object.keys(matrix);
  const cases = templates.flatMap(template =>
    hosts.map(([type, stepId, repoUrl]) => [template, type, stepId, repoUrl]),
  );

  it.each(cases)(
    '%s on a %s host runs only its publish step, then registers the catalog file',
    async (template, type, stepId, repoUrl) => {
      const values = { ...matrix[template][0].values, repoUrl };
      const run = await backend.dryRun(template, values);
      expect({ status: run.status, error: run.body.error?.message }).toEqual({
        status: 200,
        error: undefined,
      });
      const log: LogEntry[] = run.body.log;
      expect(loggedInput(log, stepId)).toMatchObject({
        repoUrl,
        defaultBranch: 'main',
      });
      expect(
        log.some(e =>
          e.body.message.includes(
            `Skipping because ${
              PUBLISH_ACTIONS[type as keyof typeof PUBLISH_ACTIONS]
            } does not support dry-run`,
          ),
        ),
      ).toBe(true);
      // Every other publish step, the local one included, is skipped.
      expect(skipped(log)).toEqual(
        ['publish-local', ...hosts.map(h => h[1])]
          .filter(id => id !== stepId)
          .sort(),
      );
      // The register step reads the contents URL the publish step gives
      // (the dry run stands in an example value for it).
      expect(loggedInput(log, 'register')).toEqual({
        repoContentsUrl: '<example>',
        catalogInfoPath: '/catalog-info.yaml',
      });
    },
  );

  it('describes the repository with the description the user typed, where the host takes one', async () => {
    const values = {
      ...matrix['ai-service'][0].values,
      repoUrl: 'ghe.example.com?owner=ml&repo=svc',
      description: 'Explains "fraud" scores; to analysts\n',
    };
    const run = await backend.dryRun('ai-service', values);
    expect(loggedInput(run.body.log, 'publish-github')).toMatchObject({
      description: values.description,
      repoVisibility: 'private',
    });
  });

  it.each([
    [
      'gerrit.example.com?repo=svc',
      'repoUrl: gerrit.example.com is a gerrit integration; these templates publish to github, gitlab, bitbucketServer, bitbucketCloud, azure',
    ],
    [
      'git.nowhere.example?owner=ml&repo=svc',
      'repoUrl: no SCM integration is configured for git.nowhere.example',
    ],
  ])('refuses %s before rendering anything', async (repoUrl, message) => {
    const run = await backend.dryRun('ai-service', {
      ...matrix['ai-service'][0].values,
      repoUrl,
    });
    expect(run.status).toBe(400);
    expect(run.body.error.message).toContain(message);
    expect(run.files).toEqual({});
  });

  it('every template carries the same publish steps', () => {
    const publishSteps = (template: string) =>
      readTemplate(template).spec.steps.filter(
        (s: { id: string }) =>
          s.id === 'target' ||
          s.id.startsWith('publish') ||
          s.id === 'register',
      );
    const [first, ...rest] = templates;
    expect(publishSteps(first).map((s: { id: string }) => s.id)).toEqual([
      'target',
      'publish-local',
      ...hosts.map(h => h[1]),
      'register',
    ]);
    for (const template of rest) {
      expect(publishSteps(template)).toEqual(publishSteps(first));
    }
  });
});
