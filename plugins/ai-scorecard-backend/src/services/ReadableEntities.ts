import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

const TTL_MS = 60_000;
const MAX_CACHED_USERS = 500;

/**
 * Which graded entities a caller may see: those the catalog lets them read.
 * When the policy allows every catalog read (the common case) nothing is
 * asked of the catalog; when it allows reads on conditions, the catalog
 * applies them to the caller's own listing, remembered per user for a
 * minute.
 */
export class ReadableEntities {
  private readonly cache = new Map<
    string,
    { until: number; refs: Promise<string[]> }
  >();

  constructor(
    private readonly options: {
      permissions: PermissionsService;
      catalog: CatalogService;
      /** The kinds that are graded. */
      kinds: string[];
    },
  ) {}

  /** The refs the caller may read; undefined when they may read every entity. */
  async of(credentials: BackstageCredentials): Promise<string[] | undefined> {
    const decision = await this.decision(credentials);
    if (decision.result === AuthorizeResult.ALLOW) return undefined;
    if (decision.result === AuthorizeResult.DENY) return [];
    // One listing per principal (a user, or a plugin acting for one).
    const key = JSON.stringify(credentials.principal);
    const now = Date.now();
    let cached = this.cache.get(key);
    if (!cached || cached.until < now) {
      cached = { until: now + TTL_MS, refs: this.list(credentials) };
      cached.refs.catch(() => this.cache.delete(key));
      this.cache.delete(key);
      this.cache.set(key, cached);
      if (this.cache.size > MAX_CACHED_USERS) {
        this.cache.delete(this.cache.keys().next().value!);
      }
    }
    return cached.refs;
  }

  /** Whether the caller may read this entity. */
  async canRead(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<boolean> {
    const refs = await this.of(credentials);
    return !refs || refs.includes(entityRef);
  }

  /**
   * The Kubernetes clusters the caller may read, by name: the `Resource`
   * entities of type `kubernetes-cluster` (as the Kubernetes plugin's
   * catalog cluster locator declares clusters) that the catalog lets them
   * read. Undefined when they may read every entity.
   */
  async clusters(
    credentials: BackstageCredentials,
  ): Promise<Set<string> | undefined> {
    const decision = await this.decision(credentials);
    if (decision.result === AuthorizeResult.ALLOW) return undefined;
    if (decision.result === AuthorizeResult.DENY) return new Set();
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { kind: 'Resource', 'spec.type': 'kubernetes-cluster' },
        fields: ['metadata.name'],
      },
      { credentials },
    );
    return new Set(items.map(e => e.metadata.name));
  }

  /** How the policy decides the caller's catalog reads. */
  private async decision(credentials: BackstageCredentials) {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    return decision;
  }

  private async list(credentials: BackstageCredentials): Promise<string[]> {
    const refs: string[] = [];
    for await (const page of this.options.catalog.streamEntities(
      {
        filter: this.options.kinds.map(kind => ({ kind })),
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
        pageSize: 1000,
      },
      { credentials },
    )) {
      for (const entity of page) refs.push(stringifyEntityRef(entity));
    }
    return refs;
  }
}
