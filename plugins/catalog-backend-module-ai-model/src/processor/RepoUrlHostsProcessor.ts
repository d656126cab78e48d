import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';

/** Templates with this annotation get their Git hosts from app-config. */
export const ANNOTATION_REPO_URL_HOSTS = 'ai-refarch.io/repo-url-hosts';

/** The integration types the golden-path templates have a publish step for. */
const PUBLISHABLE_TYPES = [
  'github',
  'gitlab',
  'bitbucketServer',
  'bitbucketCloud',
  'azure',
] as const;

/**
 * Fills in the hosts that a template's `RepoUrlPicker` offers from the
 * portal's configuration, so that the golden-path templates publish to the
 * platform's own Git hosts without being forked: the scaffolder's picker
 * offers no host at all without `ui:options.allowedHosts`.
 *
 * Applies to Templates annotated `ai-refarch.io/repo-url-hosts: app-config`
 * and to their RepoUrlPicker fields that name no hosts of their own. The
 * hosts are `aiRefarch.publish.allowedHosts`, or else every configured
 * integration of a type the templates publish to (GitHub, GitLab, Bitbucket
 * Server and Cloud, Azure DevOps).
 */
export class RepoUrlHostsProcessor implements CatalogProcessor {
  static fromConfig(config: Config): RepoUrlHostsProcessor {
    const configured = config.getOptionalStringArray(
      'aiRefarch.publish.allowedHosts',
    );
    if (configured) return new RepoUrlHostsProcessor(configured);
    const integrations = ScmIntegrations.fromConfig(config);
    const hosts = PUBLISHABLE_TYPES.flatMap(type =>
      integrations[type].list().map(i => i.config.host),
    );
    return new RepoUrlHostsProcessor([...new Set(hosts)]);
  }

  constructor(private readonly hosts: string[]) {}

  getProcessorName(): string {
    return 'RepoUrlHostsProcessor';
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    const value = entity.metadata.annotations?.[ANNOTATION_REPO_URL_HOSTS];
    if (entity.kind !== 'Template' || value === undefined) return entity;
    if (value !== 'app-config') {
      throw new InputError(
        `metadata.annotations["${ANNOTATION_REPO_URL_HOSTS}"]: must be "app-config", got "${value}"`,
      );
    }
    const spec = structuredClone(entity.spec ?? {}) as {
      parameters?: unknown;
    };
    const pages = Array.isArray(spec.parameters)
      ? spec.parameters
      : [spec.parameters];
    for (const page of pages) this.fill(page);
    return { ...entity, spec: spec as Entity['spec'] };
  }

  /** Every RepoUrlPicker under a JSON schema node, however nested. */
  private fill(node: unknown) {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(n => this.fill(n));
      return;
    }
    const field = node as Record<string, any>;
    if (field['ui:field'] === 'RepoUrlPicker') {
      const options = (field['ui:options'] ??= {});
      options.allowedHosts ??= [...this.hosts];
    }
    for (const [key, child] of Object.entries(field)) {
      if (key !== 'ui:options') this.fill(child);
    }
  }
}
