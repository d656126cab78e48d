import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import { parse } from 'yaml';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createModelRollbackAction } from './modelRollback';
import { rawInputContext } from './__testUtils__/rawInputContext';
import { exampleInput } from './__testUtils__/runExample';
import { examples } from './modelRollback.examples';

const DIGEST_3 = `sha256:${'c'.repeat(64)}`;
const DIGEST_2 = `sha256:${'b'.repeat(64)}`;

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: support-chat
  labels:
    ai-refarch.io/model: support-llm
spec:
  template:
    metadata:
      labels:
        ai-refarch.io/model: support-llm
      annotations:
        ai-refarch.io/model-version: "3"
        ai-refarch.io/model-digest: "${DIGEST_3}"
    spec:
      initContainers:
        - name: fetch-weights
          args: ["s3://models/support-llm/3/", "/models/support-llm"]
      containers:
        - name: server
          image: vllm/vllm-openai:v0.8.5
`;

const model = (spec: object = {}): Entity => ({
  apiVersion: 'ai-refarch.io/v1alpha1',
  kind: 'AIModel',
  metadata: { name: 'support-llm', namespace: 'default' },
  spec: {
    type: 'llm',
    lifecycle: 'production',
    owner: 'group:default/ml',
    provider: 'self-hosted',
    dataClassification: 'internal',
    version: '3',
    artifact: { uri: 's3://models/support-llm/3/', digest: DIGEST_3 },
    rollbackVersion: '2',
    rollbackArtifact: { uri: 's3://models/support-llm/2/', digest: DIGEST_2 },
    ...spec,
  },
});

const service = (
  name: string,
  sourceLocation: string | undefined,
  servesModels = 'aimodel:default/support-llm',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'ai-refarch.io/serves-models': servesModels,
      ...(sourceLocation
        ? { 'backstage.io/source-location': sourceLocation }
        : {}),
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/ml' },
});

/**
 * Reads trees from a directory standing in for the repositories: the local
 * publish directory (file URLs), and GitHub's and GitLab's by path.
 */
function directoryReader(root: string): UrlReaderService {
  const pathOf = (url: string) => {
    const u = new URL(url);
    if (u.protocol === 'file:') return decodeURIComponent(u.pathname);
    const repo = u.pathname.split('/').filter(Boolean);
    return join(root, repo.slice(0, 2).join('-'), repo.slice(-1)[0]);
  };
  return {
    async readUrl() {
      throw new Error('not used');
    },
    async search() {
      throw new Error('not used');
    },
    async readTree(url, options) {
      const dir = pathOf(url);
      const names = (await readdir(dir)).filter(
        n => options?.filter?.(n) ?? true,
      );
      return {
        etag: '',
        files: async () =>
          names.map(path => ({
            path,
            content: async () => readFile(join(dir, path)),
          })),
        archive: async () => {
          throw new Error('not used');
        },
        dir: async () => {
          throw new Error('not used');
        },
      };
    },
  };
}

describe('ai-refarch:model-rollback', () => {
  const publish = createMockDirectory();
  const workspace = createMockDirectory();
  publish.setContent({
    'support-chat/kubernetes/deployment.yaml': manifest,
    'support-chat/kubernetes/pdb.yaml': 'kind: PodDisruptionBudget\n',
    'support-chat/README.md': '# Support chat\n',
    'acme-support/kubernetes/deployment.yaml': manifest,
  });
  const localUrl = `url:${pathToFileURL(join(publish.path, 'support-chat'))}/`;
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [{ host: 'github.com' }],
        gitlab: [
          {
            host: 'gitlab.acme.io',
            apiBaseUrl: 'https://gitlab.acme.io/api/v4',
          },
        ],
        bitbucketServer: [{ host: 'bitbucket.acme.io' }],
      },
    }),
  );

  function setup(
    entities: Entity[],
    decision: AuthorizeResult = AuthorizeResult.ALLOW,
  ) {
    const auditor = mockServices.auditor.mock();
    const event = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(event);
    const permissions = mockServices.permissions.mock({
      authorize: jest.fn(async () => [{ result: decision }]) as any,
    });
    const action = createModelRollbackAction({
      catalog: catalogServiceMock({ entities }),
      permissions,
      auditor,
      urlReader: directoryReader(publish.path),
      integrations,
      localPublishDirectory: publish.path,
    });
    const run = async (input: object) => {
      const ctx = rawInputContext(action, input, workspace.path);
      await action.handler(ctx);
      return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    };
    return { run, auditor, event, permissions };
  }

  beforeEach(() => workspace.clear());

  it("pins the service's manifests to the rollback version, for a change in its local repository, and audits it", async () => {
    const { run, auditor, event, permissions } = setup([
      model(),
      service('support-chat', localUrl),
    ]);
    const reason = 'Answers in the wrong language since 09:40 (INC-2113).';
    const out = await run({ service: 'support-chat', reason });
    expect(out).toEqual({
      model: 'aimodel:default/support-llm',
      fromVersion: '3',
      toVersion: '2',
      uri: 's3://models/support-llm/2/',
      digest: DIGEST_2,
      publish: 'local',
      repo: 'support-chat',
      branch: 'rollback/support-llm-2',
      title: 'Roll back support-llm to version 2 on support-chat',
      description: expect.any(String),
      files: ['kubernetes/deployment.yaml'],
    });
    const pinned = parse(
      await readFile(
        join(workspace.path, 'rollback/kubernetes/deployment.yaml'),
        'utf8',
      ),
    );
    expect(pinned.spec.template.metadata.annotations).toEqual({
      'ai-refarch.io/model-version': '2',
      'ai-refarch.io/model-digest': DIGEST_2,
    });
    expect(pinned.spec.template.spec.initContainers[0].args[0]).toBe(
      's3://models/support-llm/2/',
    );
    // The permission is asked on the service, for the user who runs it.
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'ai-model.rollback' }),
          resourceRef: 'component:default/support-chat',
        },
      ],
      expect.anything(),
    );
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'model-rollback',
      severityLevel: 'medium',
      meta: expect.objectContaining({
        service: 'component:default/support-chat',
      }),
    });
    expect(event.success).toHaveBeenCalledWith({
      meta: {
        model: 'aimodel:default/support-llm',
        fromVersion: '3',
        toVersion: '2',
        digest: DIGEST_2,
        workloads: ['Deployment/support-chat'],
      },
    });
  });

  it("quotes the reason in the change's description as the exact text, whatever it holds", async () => {
    const { run } = setup([model(), service('support-chat', localUrl)]);
    const reason =
      '<img src=x onerror=alert(1)> | [click](javascript:alert(1)) `code` **bold**\n# heading';
    const { description } = await run({ service: 'support-chat', reason });
    const md = new MarkdownIt({ html: true, linkify: true });
    const tokens = md.parse(description, {});
    const quoted = tokens
      .slice(
        tokens.findIndex(t => t.type === 'blockquote_open'),
        tokens.findIndex(t => t.type === 'blockquote_close'),
      )
      .filter(t => t.type === 'inline');
    // Plain text only: no HTML, link, code or emphasis, and no heading.
    expect(
      quoted
        .flatMap(t => t.children!.map(c => c.type))
        .filter(t => t !== 'text' && t !== 'softbreak'),
    ).toEqual([]);
    expect(quoted.map(t => t.content.replace(/\\(.)/g, '$1'))).toEqual([
      '<img src=x onerror=alert(1)> | [click](javascript:alert(1)) `code` **bold**\n# heading',
    ]);
    expect(tokens.some(t => t.type === 'heading_open')).toBe(false);
  });

  it('opens a pull request on GitHub and a merge request on GitLab, and refuses other hosts by name', async () => {
    const { run } = setup([
      model(),
      service('gh', 'url:https://github.com/acme/support-chat/tree/main/'),
      service(
        'gl',
        'url:https://gitlab.acme.io/ml/serving/support-chat/-/tree/main/',
      ),
      service(
        'bb',
        'url:https://bitbucket.acme.io/projects/ML/repos/support-chat/browse/',
      ),
    ]);
    publish.addContent({
      'acme-support-chat/kubernetes/deployment.yaml': manifest,
    });
    publish.addContent({ 'ml-serving/kubernetes/deployment.yaml': manifest });
    await expect(run({ service: 'gh', reason: 'r' })).resolves.toMatchObject({
      publish: 'github',
      repoUrl: 'github.com?owner=acme&repo=support-chat',
    });
    await expect(run({ service: 'gl', reason: 'r' })).resolves.toMatchObject({
      publish: 'gitlab',
      repoUrl: 'gitlab.acme.io?owner=ml%2Fserving&repo=support-chat',
    });
    await expect(run({ service: 'bb', reason: 'r' })).rejects.toThrow(
      "service: the service's repository (https://bitbucket.acme.io/projects/ML/repos/support-chat/browse/) is on a bitbucketServer host; a rollback opens its change as a GitHub pull request or a GitLab merge request",
    );
  });

  it.each([
    [
      'a model without rollback weights',
      [
        model({ rollbackArtifact: undefined }),
        service('support-chat', localUrl),
      ],
      { service: 'support-chat', reason: 'r' },
      'model: aimodel:default/support-llm names no spec.rollbackArtifact (the weights and digest of the version to roll back to); record the previous version in its registry, whose provider fills both',
    ],
    [
      'rollback weights a server cannot fetch',
      [
        model({
          rollbackArtifact: { uri: 'runs:/abc/model', digest: DIGEST_2 },
        }),
        service('support-chat', localUrl),
      ],
      { service: 'support-chat', reason: 'r' },
      "model: aimodel:default/support-llm keeps version 2 at runs:/abc/model, which KServe's storage initializer cannot fetch; copy it to s3://, gs://, hf://, https://, pvc:// or oci:// and record that in spec.rollbackArtifact.uri",
    ],
    [
      'a model the service does not serve',
      [model(), service('support-chat', localUrl)],
      { service: 'support-chat', model: 'other', reason: 'r' },
      'model: component:default/support-chat serves aimodel:default/support-llm, not aimodel:default/other',
    ],
    [
      'a service serving two models, without a choice',
      [
        model(),
        service(
          'support-chat',
          localUrl,
          'aimodel:default/support-llm, aimodel:default/other',
        ),
      ],
      { service: 'support-chat', reason: 'r' },
      'model: component:default/support-chat serves aimodel:default/support-llm, aimodel:default/other; pick the one to roll back',
    ],
    [
      'a service without a repository',
      [model(), service('support-chat', undefined)],
      { service: 'support-chat', reason: 'r' },
      'service: component:default/support-chat has no backstage.io/source-location, so its manifests cannot be read; register it from its repository',
    ],
    [
      'a service not in the catalog',
      [model()],
      { service: 'nope', reason: 'r' },
      'service: component:default/nope is not in the catalog',
    ],
    [
      'no reason',
      [model(), service('support-chat', localUrl)],
      { service: 'support-chat', reason: '   ' },
      'reason: say why the model is rolled back; it goes into the change',
    ],
    [
      'a manifests directory outside the repository',
      [model(), service('support-chat', localUrl)],
      { service: 'support-chat', reason: 'r', manifestsPath: 'k8s/../../x' },
      'manifestsPath: must be a directory inside the repository, without "." or ".." parts',
    ],
    [
      'a workspace path outside the workspace',
      [model(), service('support-chat', localUrl)],
      { service: 'support-chat', reason: 'r', targetPath: '../../etc' },
      /^targetPath: /,
    ],
  ])(
    'refuses %s, naming the field',
    async (_case, entities, input, message) => {
      const { run, event, auditor } = setup(entities as Entity[]);
      await expect(run(input)).rejects.toThrow(message);
      // Input refused before anything is read is not audited; every attempt
      // after that is, as a failure.
      expect(event.fail).toHaveBeenCalledTimes(
        auditor.createEvent.mock.calls.length,
      );
    },
  );

  it('refuses a user the policy denies, and audits the refusal', async () => {
    const { run, event } = setup(
      [model(), service('support-chat', localUrl)],
      AuthorizeResult.DENY,
    );
    await expect(run({ service: 'support-chat', reason: 'r' })).rejects.toThrow(
      'You may not roll back component:default/support-chat: the ai-model.rollback permission is for its owners',
    );
    expect(event.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'NotAllowedError' }),
    });
  });

  it('runs its documented example', async () => {
    const { run } = setup([model(), service('support-chat', localUrl)]);
    await expect(
      run(exampleInput({ id: 'ai-refarch:model-rollback', examples })),
    ).resolves.toMatchObject({ toVersion: '2' });
  });
});
