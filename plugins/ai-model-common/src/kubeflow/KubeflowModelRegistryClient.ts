import { getRegistryJson } from '../registryHttp';

/*
 * The Kubeflow Model Registry's REST API, v1alpha3, as its OpenAPI spec
 * defines it (kubeflow/model-registry, api/openapi/model-registry.yaml):
 * ids, timestamps and int values are strings; lists come as
 * { items, nextPageToken, pageSize, size } and the last page's token is "".
 */

/**
 * A custom property's value (`MetadataValue`, keyed on `metadataType`).
 *
 * @public
 */
export type KubeflowMetadataValue =
  | { metadataType: 'MetadataStringValue'; string_value: string }
  | { metadataType: 'MetadataIntValue'; int_value: string }
  | { metadataType: 'MetadataDoubleValue'; double_value: number }
  | { metadataType: 'MetadataBoolValue'; bool_value: boolean }
  | { metadataType: 'MetadataStructValue'; struct_value: string }
  | { metadataType: 'MetadataProtoValue'; type: string; proto_value: string };

/** What every resource of the registry has. @public */
export type KubeflowResource = {
  id: string;
  name: string;
  externalId?: string;
  description?: string;
  createTimeSinceEpoch?: string;
  lastUpdateTimeSinceEpoch?: string;
  customProperties?: Record<string, KubeflowMetadataValue>;
};

/** A registered model. @public */
export type KubeflowRegisteredModel = KubeflowResource & {
  owner?: string;
  state?: 'LIVE' | 'ARCHIVED';
  license?: string;
  provider?: string;
};

/** A model version. @public */
export type KubeflowModelVersion = KubeflowResource & {
  registeredModelId: string;
  author?: string;
  state?: 'LIVE' | 'ARCHIVED';
};

/**
 * An artifact of a model version: a model artifact (the weights), or one of
 * the other types (`doc-artifact`, `dataset-artifact`, `metric`,
 * `parameter`), of which the mapping reads the datasets.
 *
 * @public
 */
export type KubeflowArtifact = KubeflowResource & {
  artifactType: string;
  uri?: string;
  state?: string;
  modelFormatName?: string;
  modelFormatVersion?: string;
  /** Where the model came from: `kfp` / `pipelines` for a pipeline run, `catalog`, `transfer_job`. */
  modelSourceKind?: string;
  modelSourceClass?: string;
  modelSourceGroup?: string;
  modelSourceId?: string;
  modelSourceName?: string;
  experimentId?: string;
  experimentRunId?: string;
  /** On a dataset artifact. */
  digest?: string;
  source?: string;
  sourceType?: string;
};

const API = 'api/model_registry/v1alpha3';

/**
 * Reads a Kubeflow Model Registry over its REST API, page by page
 * (`pageSize`, `nextPageToken`), with the platform's bearer token.
 *
 * @public
 */
export class KubeflowModelRegistryClient {
  constructor(
    private readonly options: {
      baseUrl: string;
      token?: string;
      timeoutMs: number;
      /** Items per page; default 100. */
      pageSize?: number;
    },
  ) {}

  listRegisteredModels(): Promise<KubeflowRegisteredModel[]> {
    return this.list('registered_models');
  }

  listModelVersions(): Promise<KubeflowModelVersion[]> {
    return this.list('model_versions');
  }

  /** A version's artifacts, of every type. */
  listVersionArtifacts(versionId: string): Promise<KubeflowArtifact[]> {
    return this.list(
      `model_versions/${encodeURIComponent(versionId)}/artifacts`,
    );
  }

  /** The URL of a resource of the API, e.g. `registered_models/1`. */
  resourceUrl(path: string): string {
    return new URL(`${API}/${path}`, withSlash(this.options.baseUrl)).href;
  }

  private async list<T>(path: string): Promise<T[]> {
    const all: T[] = [];
    let nextPageToken = '';
    do {
      const url = new URL(this.resourceUrl(path));
      url.searchParams.set('pageSize', String(this.options.pageSize ?? 100));
      url.searchParams.set('orderBy', 'ID');
      url.searchParams.set('sortOrder', 'ASC');
      if (nextPageToken) url.searchParams.set('nextPageToken', nextPageToken);
      const body = await getRegistryJson(url, this.options);
      if (!Array.isArray(body?.items)) {
        throw new TypeError(
          `Kubeflow Model Registry ${path} answered without a list of items`,
        );
      }
      all.push(...body.items);
      nextPageToken =
        typeof body.nextPageToken === 'string' ? body.nextPageToken : '';
    } while (nextPageToken);
    return all;
  }
}

/**
 * A custom property as text: a string, int or double value; undefined for
 * another type or none.
 *
 * @public
 */
export function kubeflowPropertyText(
  properties: Record<string, KubeflowMetadataValue> | undefined,
  key: string,
): string | undefined {
  const value = properties?.[key];
  switch (value?.metadataType) {
    case 'MetadataStringValue':
      return value.string_value;
    case 'MetadataIntValue':
      return value.int_value;
    case 'MetadataDoubleValue':
      return String(value.double_value);
    default:
      return undefined;
  }
}

function withSlash(url: string) {
  return url.endsWith('/') ? url : `${url}/`;
}
