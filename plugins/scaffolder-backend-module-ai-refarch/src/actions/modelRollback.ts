import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  AuditorService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  aiModelRollbackPermission,
  AIModelEntityV1alpha1,
  ANNOTATION_SERVES_MODELS,
  FETCHABLE_WEIGHTS_URI,
  isAIModelEntity,
  parseServedModelRefs,
} from '@ai-refarch/plugin-ai-model-common';
import { z } from 'zod/v3';
import { markdownCode, markdownText } from '../encoders/markdown';
import { changeTarget } from '../rollback/changeTarget';
import { ManifestFile, pinModel } from '../rollback/pinModel';
import { entityRefInput, parseInput } from './parseInput';
import { resolveInside } from './paths';
import { examples } from './modelRollback.examples';

const modelRollbackInput = z.object({
  service: z
    .string()
    .min(1, 'pick the serving service to roll back')
    .describe('The serving Component (ai-refarch.io/serves-models)'),
  model: z
    .string()
    .optional()
    .describe(
      'The AIModel to roll back; defaults to the one the service serves',
    ),
  reason: z
    .string()
    .trim()
    .min(1, 'say why the model is rolled back; it goes into the change')
    .max(2000, 'at most 2000 characters'),
  manifestsPath: z
    .string()
    .regex(
      /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._/-]+$/,
      'must be a directory inside the repository, without "." or ".." parts',
    )
    .default('kubernetes')
    .describe("The manifests' directory in the service's repository"),
  targetPath: z
    .string()
    .default('rollback')
    .describe(
      'Where in the workspace the changed files go, laid out as in the repository',
    ),
});

/** A Git branch name for the change; a version may hold characters refs do not. */
const branchOf = (model: string, version: string) =>
  `rollback/${model}-${version.replace(/[^A-Za-z0-9._-]+/g, '-')}`;

/**
 * `ai-refarch:model-rollback`: rolls a serving service back to its model's
 * previous version as a deploy operation. It checks the
 * `ai-model.rollback` permission on the service for the user who runs the
 * template, reads the model's `spec.rollbackVersion` and
 * `spec.rollbackArtifact` (the weights' URI and digest), reads the service's
 * manifests from its repository (`backstage.io/source-location`), pins the
 * workloads that serve the model to that version and those weights
 * (`pinModel`), and writes the changed files to the workspace for the
 * template's next step to open as a pull or merge request. Every attempt is
 * audited, refused ones too.
 */
export function createModelRollbackAction(options: {
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  urlReader: UrlReaderService;
  integrations: ScmIntegrationRegistry;
  /** `aiRefarch.localPublish.directory`, where a development portal's repositories are. */
  localPublishDirectory?: string;
}) {
  return createTemplateAction({
    id: 'ai-refarch:model-rollback',
    description:
      "Pins a serving service's manifests to its model's rollback version and weights digest, for a pull or merge request; checks the ai-model.rollback permission and audits.",
    examples,
    schema: {
      input: () => modelRollbackInput,
      output: () =>
        z.object({
          model: z.string().describe('The AIModel rolled back'),
          fromVersion: z.string().describe("The model's current version"),
          toVersion: z.string().describe('The version the change pins'),
          uri: z.string().describe("The rollback version's weights"),
          digest: z.string().describe('Their digest'),
          publish: z
            .enum(['github', 'gitlab', 'local'])
            .describe('Which step opens the change'),
          repoUrl: z
            .string()
            .optional()
            .describe('host?owner=…&repo=… for the pull or merge request'),
          repo: z
            .string()
            .optional()
            .describe('The local repository, in a development portal'),
          branch: z.string(),
          title: z.string(),
          description: z.string().describe('The change description, Markdown'),
          files: z
            .array(z.string())
            .describe('The changed files, as paths in the repository'),
        }),
    },
    async handler(ctx) {
      const input = parseInput(modelRollbackInput, ctx.input);
      const serviceRef = entityRefInput(input.service, 'component', 'service');
      const root = resolveInside(
        ctx.workspacePath,
        input.targetPath,
        'targetPath',
        'the workspace',
      );
      const credentials = await ctx.getInitiatorCredentials();
      const actor = ctx.user?.ref ?? 'unknown';
      const event = await options.auditor.createEvent({
        eventId: 'model-rollback',
        severityLevel: 'medium',
        meta: {
          service: serviceRef,
          ...(input.model ? { model: input.model } : {}),
          actor,
          ...(ctx.task?.id ? { taskId: ctx.task.id } : {}),
        },
      });
      try {
        const [decision] = await options.permissions.authorize(
          [{ permission: aiModelRollbackPermission, resourceRef: serviceRef }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `You may not roll back ${serviceRef}: the ${aiModelRollbackPermission.name} permission is for its owners`,
          );
        }
        const service = await options.catalog.getEntityByRef(serviceRef, {
          credentials,
        });
        if (!service) {
          throw new InputError(`service: ${serviceRef} is not in the catalog`);
        }
        const model = await modelOf(service, input.model, options.catalog, {
          credentials,
        });
        const modelRef = stringifyEntityRef(model);
        const { version, rollbackVersion, rollbackArtifact } = model.spec;
        if (!rollbackVersion || !rollbackArtifact) {
          throw new InputError(
            `model: ${modelRef} names no ${
              rollbackVersion
                ? 'spec.rollbackArtifact (the weights and digest of the version to roll back to)'
                : 'spec.rollbackVersion'
            }; record the previous version in its registry, whose provider fills both`,
          );
        }
        if (!FETCHABLE_WEIGHTS_URI.test(rollbackArtifact.uri)) {
          throw new InputError(
            `model: ${modelRef} keeps version ${rollbackVersion} at ${rollbackArtifact.uri}, which KServe's storage initializer cannot fetch; copy it to s3://, gs://, hf://, https://, pvc:// or oci:// and record that in spec.rollbackArtifact.uri`,
          );
        }

        const sourceUrl = sourceUrlOf(service);
        const target = changeTarget(sourceUrl, {
          integrations: options.integrations,
          localRoot: options.localPublishDirectory,
        });
        const manifestsDir = input.manifestsPath.replace(/^\/+|\/+$/g, '');
        const manifestsUrl = new URL(
          `${manifestsDir}/`,
          sourceUrl.endsWith('/') ? sourceUrl : `${sourceUrl}/`,
        ).toString();
        const files = await readManifests(options.urlReader, manifestsUrl, {
          prefix: manifestsDir,
        });
        const pinned = pinModel(files, {
          model: model.metadata.name,
          version: rollbackVersion,
          uri: rollbackArtifact.uri,
          digest: rollbackArtifact.digest,
        });

        for (const file of pinned.files) {
          const path = join(root, file.path);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, file.text);
        }

        const title = `Roll back ${model.metadata.name} to version ${rollbackVersion} on ${service.metadata.name}`;
        const description = [
          `Pins ${markdownCode(serviceRef)} to version ${markdownCode(
            rollbackVersion,
          )} of ${markdownCode(modelRef)} (current: ${markdownCode(
            version,
          )}), with the weights at ${markdownCode(
            rollbackArtifact.uri,
          )}, digest ${markdownCode(rollbackArtifact.digest)}.`,
          '',
          `Requested by ${markdownCode(actor)} in the developer portal:`,
          '',
          ...input.reason.split('\n').map(line => `> ${markdownText(line)}`),
          '',
          '| Workload | File | Running version before |',
          '|---|---|---|',
          ...pinned.workloads.map(
            w =>
              // Not code spans: GitHub splits a row at "|" even inside one.
              `| ${markdownText(w.workload)} | ${markdownText(w.file)} | ${
                w.previousVersion
                  ? markdownText(w.previousVersion)
                  : 'not recorded'
              } |`,
          ),
          '',
          'Once applied, the drift view of the service shows the running version going back to the rollback version.',
        ].join('\n');

        ctx.output('model', modelRef);
        ctx.output('fromVersion', version);
        ctx.output('toVersion', rollbackVersion);
        ctx.output('uri', rollbackArtifact.uri);
        ctx.output('digest', rollbackArtifact.digest);
        ctx.output('publish', target.type);
        if (target.type === 'local') ctx.output('repo', target.repo);
        else ctx.output('repoUrl', target.repoUrl);
        ctx.output('branch', branchOf(model.metadata.name, rollbackVersion));
        ctx.output('title', title);
        ctx.output('description', description);
        ctx.output(
          'files',
          pinned.files.map(f => f.path),
        );
        await event.success({
          meta: {
            model: modelRef,
            fromVersion: version,
            toVersion: rollbackVersion,
            digest: rollbackArtifact.digest,
            workloads: pinned.workloads.map(w => w.workload),
          },
        });
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  });
}

/** The model the service serves: the one named, or its only one. */
async function modelOf(
  service: Entity,
  named: string | undefined,
  catalog: CatalogService,
  auth: Parameters<CatalogService['getEntityByRef']>[1],
): Promise<AIModelEntityV1alpha1> {
  const serviceRef = stringifyEntityRef(service);
  const annotation =
    service.metadata.annotations?.[ANNOTATION_SERVES_MODELS]?.trim();
  if (!annotation) {
    throw new InputError(
      `service: ${serviceRef} serves no model (no ${ANNOTATION_SERVES_MODELS} annotation)`,
    );
  }
  let served: string[];
  try {
    served = parseServedModelRefs(annotation, {
      defaultNamespace: service.metadata.namespace ?? 'default',
    });
  } catch (e) {
    throw new InputError(`service: ${serviceRef} ${(e as Error).message}`);
  }
  const ref = named ? entityRefInput(named, 'aimodel', 'model') : undefined;
  if (ref && !served.includes(ref)) {
    throw new InputError(
      `model: ${serviceRef} serves ${served.join(', ')}, not ${ref}`,
    );
  }
  if (!ref && served.length > 1) {
    throw new InputError(
      `model: ${serviceRef} serves ${served.join(
        ', ',
      )}; pick the one to roll back`,
    );
  }
  const modelRef = ref ?? served[0];
  const entity = await catalog.getEntityByRef(modelRef, auth);
  if (!entity || !isAIModelEntity(entity)) {
    throw new InputError(`model: ${modelRef} is not an AIModel in the catalog`);
  }
  return entity as AIModelEntityV1alpha1;
}

function sourceUrlOf(service: Entity): string {
  const serviceRef = stringifyEntityRef(service);
  const annotation = service.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
  if (!annotation) {
    throw new InputError(
      `service: ${serviceRef} has no ${ANNOTATION_SOURCE_LOCATION}, so its manifests cannot be read; register it from its repository`,
    );
  }
  let location;
  try {
    location = parseLocationRef(annotation);
  } catch (e) {
    throw new InputError(
      `service: ${serviceRef} ${ANNOTATION_SOURCE_LOCATION}: ${
        (e as Error).message
      }`,
    );
  }
  if (location.type !== 'url') {
    throw new InputError(
      `service: ${serviceRef} ${ANNOTATION_SOURCE_LOCATION} is a ${location.type} location, not a repository URL`,
    );
  }
  return location.target;
}

async function readManifests(
  reader: UrlReaderService,
  url: string,
  { prefix }: { prefix: string },
): Promise<ManifestFile[]> {
  let tree;
  try {
    tree = await reader.readTree(url, {
      filter: path => /\.ya?ml$/.test(path),
    });
  } catch (e) {
    throw new InputError(
      `service: its manifests could not be read from ${url} (${
        (e as Error).message
      })`,
    );
  }
  const files = await tree.files();
  return Promise.all(
    files.map(async f => ({
      path: `${prefix}/${f.path}`,
      text: (await f.content()).toString('utf8'),
    })),
  );
}
