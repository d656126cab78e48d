import type { JsonObject } from '@backstage/types';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scmGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scmGitlab from '@backstage/plugin-scaffolder-backend-module-gitlab';
import scmBitbucketServer from '@backstage/plugin-scaffolder-backend-module-bitbucket-server';
import scmBitbucketCloud from '@backstage/plugin-scaffolder-backend-module-bitbucket-cloud';
import scmAzure from '@backstage/plugin-scaffolder-backend-module-azure';
import {
  devPortalConfig,
  readTemplate,
  servedExampleCatalog,
  templateFiles,
  templateMatrix,
} from '@internal/test-kit';
import { scaffolderModuleAiRefarch } from '../module';

/*
 * The scaffolder's real dry run (POST /api/scaffolder/v2/dry-run) with this
 * module's actions and filters, the example catalog and the dev portal's GPU
 * price table, for the repository's golden-path templates.
 */

export const matrix = templateMatrix();

/** The dev portal's GPU price table (app-config.yaml). */
export const gpuPrices = (devPortalConfig().aiRefarch as JsonObject)
  .gpuPrices as Record<string, { memoryGiB: number }>;

export type DryRunResult = {
  status: number;
  body: any;
  files: Record<string, string>;
};

/**
 * Starts a test back end; call in beforeAll, and `stop` in afterAll. It
 * publishes to a local directory, as the dev portal does, unless given the
 * `integrations` of a platform's Git hosts instead.
 */
export async function startDryRunBackend(
  options: { integrations?: JsonObject } = {},
) {
  const publishDir = createMockDirectory();
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleAiRefarch,
      scmGithub,
      scmGitlab,
      scmBitbucketServer,
      scmBitbucketCloud,
      scmAzure,
      catalogServiceMock.factory({
        entities: [
          ...servedExampleCatalog(),
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'mock', namespace: 'default' },
            spec: {},
          },
        ],
      }),
      mockServices.rootConfig.factory({
        data: options.integrations
          ? { integrations: options.integrations, aiRefarch: { gpuPrices } }
          : {
              aiRefarch: {
                localPublish: { directory: publishDir.path },
                gpuPrices,
              },
            },
      }),
    ],
  });
  const templates = new Map<string, { template: any; contents: unknown }>();

  async function dryRun(
    templateName: string,
    values: Record<string, unknown>,
  ): Promise<DryRunResult> {
    if (!templates.has(templateName)) {
      templates.set(templateName, {
        template: readTemplate(templateName),
        contents: templateFiles(templateName),
      });
    }
    const { template, contents } = templates.get(templateName)!;
    const post = () =>
      fetch(
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
            directoryContents: contents,
          }),
        },
      );
    let res: Response;
    try {
      res = await post();
    } catch (error) {
      // fetch reuses a kept-alive connection that the server may close at
      // the same moment (its 5-second keep-alive timeout, reached while the
      // previous case ran its validators on a busy machine): the request
      // never reached the back end, so it is sent once more.
      if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET')
        throw error;
      res = await post();
    }
    const body = await res.json();
    const files: Record<string, string> = Object.fromEntries(
      (body.directoryContents ?? []).map(
        (f: { path: string; base64Content: string }) => [
          f.path,
          Buffer.from(f.base64Content, 'base64').toString('utf8'),
        ],
      ),
    );
    return { status: res.status, body, files };
  }

  return {
    dryRun,
    publishDirectory: publishDir.path,
    stop: () => backend.stop(),
  };
}
