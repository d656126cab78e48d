import { ResponseError } from '@backstage/errors';

/** A registered model as MLflow's REST API 2.0 returns it. */
export type MlflowRegisteredModel = {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  tags?: { key: string; value: string }[];
  aliases?: { alias: string; version: string }[];
};

/** A model version as MLflow's REST API 2.0 returns it. */
export type MlflowModelVersion = {
  name: string;
  version: string;
  creation_timestamp?: number;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  tags?: { key: string; value: string }[];
  aliases?: string[];
};

/** One page of an MLflow search answer; the list's key depends on the endpoint. */
type MlflowPage = { next_page_token?: unknown } & Record<string, unknown>;

/**
 * Reads an MLflow Model Registry over its REST API 2.0, following
 * `next_page_token` until the last page.
 */
export class MlflowClient {
  constructor(
    private readonly options: {
      baseUrl: string;
      token?: string;
      timeoutMs: number;
    },
  ) {}

  async listRegisteredModels(): Promise<MlflowRegisteredModel[]> {
    return this.paginate<MlflowRegisteredModel>(
      'registered-models/search',
      { max_results: '1000' },
      body => body.registered_models,
    );
  }

  async listModelVersions(): Promise<MlflowModelVersion[]> {
    return this.paginate<MlflowModelVersion>(
      'model-versions/search',
      { max_results: '10000' },
      body => body.model_versions,
    );
  }

  private async paginate<T>(
    path: string,
    query: Record<string, string>,
    items: (body: MlflowPage) => unknown,
  ): Promise<T[]> {
    const all: T[] = [];
    let pageToken: string | undefined;
    do {
      const url = new URL(
        `api/2.0/mlflow/${path}`,
        withSlash(this.options.baseUrl),
      );
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      if (pageToken) url.searchParams.set('page_token', pageToken);
      const body = await this.get(url);
      const page = (items(body) ?? []) as T[];
      if (!Array.isArray(page)) {
        throw new TypeError(
          `MLflow ${path} answered without a list of results`,
        );
      }
      all.push(...page);
      pageToken =
        typeof body.next_page_token === 'string' && body.next_page_token
          ? body.next_page_token
          : undefined;
    } while (pageToken);
    return all;
  }

  private async get(url: URL): Promise<MlflowPage> {
    const response = await fetch(url, {
      headers: this.options.token
        ? { authorization: `Bearer ${this.options.token}` }
        : {},
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}

function withSlash(url: string) {
  return url.endsWith('/') ? url : `${url}/`;
}
