import { getRegistryJson } from '@ai-refarch/plugin-ai-model-common';

/*
 * Feast's registry REST API (`feast serve_registry --rest-api`, Feast 0.51
 * and later; sdk/python/feast/api/registry/rest/ in feast-dev/feast): paths
 * under /api/v1, protobuf messages as JSON (lowerCamelCase, empty fields
 * left out), lists paged with page and limit (at most 100) and a pagination
 * object whose hasNext is absent on the last page.
 */

/** A feature of a view, or a column of a projection. @public */
export type FeastField = { name: string; valueType?: string };

/** A feature view of any kind, as the registry lists it. @public */
export type FeastFeatureView = {
  /** featureView, onDemandFeatureView or streamFeatureView. */
  type: string;
  spec: {
    name: string;
    entities?: string[];
    features?: FeastField[];
    tags?: Record<string, string>;
    ttl?: string;
    description?: string;
    owner?: string;
    online?: boolean;
    batchSource?: { name?: string; type?: string };
  };
  meta?: { createdTimestamp?: string; lastUpdatedTimestamp?: string };
};

/** A feature service: the views (and columns of them) a model reads. @public */
export type FeastFeatureService = {
  spec: {
    name: string;
    features?: { featureViewName: string; featureColumns?: FeastField[] }[];
    tags?: Record<string, string>;
    description?: string;
    owner?: string;
  };
  meta?: { createdTimestamp?: string; lastUpdatedTimestamp?: string };
};

const VIEW_KINDS = [
  'featureView',
  'onDemandFeatureView',
  'streamFeatureView',
] as const;

/**
 * Reads a Feast registry's feature views and feature services, page by
 * page, with an optional bearer token (Feast's oidc and kubernetes auth).
 *
 * @public
 */
export class FeastRegistryClient {
  constructor(
    private readonly options: {
      baseUrl: string;
      token?: string;
      timeoutMs: number;
    },
  ) {}

  async listFeatureViews(project: string): Promise<FeastFeatureView[]> {
    const items = await this.list('feature_views', 'featureViews', project);
    return items.map(item => {
      // Feast 0.50 wrapped each view in its kind instead of a type field.
      if (typeof item.type === 'string') return item as FeastFeatureView;
      const kind = VIEW_KINDS.find(k => item[k]);
      if (!kind) {
        throw new TypeError(
          `Feast feature_views answered an item of no known kind: ${Object.keys(
            item,
          ).join(', ')}`,
        );
      }
      return { type: kind, ...item[kind] } as FeastFeatureView;
    });
  }

  async listFeatureServices(project: string): Promise<FeastFeatureService[]> {
    return (await this.list(
      'feature_services',
      'featureServices',
      project,
    )) as FeastFeatureService[];
  }

  /** The URL of a path of the API, e.g. `feature_views/x?project=p`. */
  url(path: string): URL {
    const base = this.options.baseUrl.endsWith('/')
      ? this.options.baseUrl
      : `${this.options.baseUrl}/`;
    return new URL(`api/v1/${path}`, base);
  }

  private async list(
    path: string,
    key: string,
    project: string,
  ): Promise<Record<string, any>[]> {
    const all: Record<string, any>[] = [];
    for (let page = 1; ; page++) {
      const url = this.url(path);
      url.searchParams.set('project', project);
      url.searchParams.set('page', String(page));
      url.searchParams.set('limit', '100');
      const body = await getRegistryJson(url, this.options);
      const items = body?.[key] ?? [];
      if (!Array.isArray(items)) {
        throw new TypeError(`Feast ${path} answered without a list of ${key}`);
      }
      all.push(...items);
      if (!body.pagination?.hasNext) return all;
    }
  }
}
