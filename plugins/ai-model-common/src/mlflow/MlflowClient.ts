import { getRegistryJson } from '../registryHttp';

/** A registered model as MLflow's REST API 2.0 returns it. @public */
export type MlflowRegisteredModel = {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  tags?: { key: string; value: string }[];
  aliases?: { alias: string; version: string }[];
};

/** A model version as MLflow's REST API 2.0 returns it. @public */
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

/**
 * A run as MLflow's REST API 2.0 returns it (`runs/get`), with the datasets
 * it logged as inputs (`mlflow.log_input`; MLflow 2.4 and later).
 *
 * @public
 */
export type MlflowRun = {
  info: { run_id: string; experiment_id?: string; status?: string };
  data?: {
    /** The latest value of each metric, with when (ms) and at which step it was logged. */
    metrics?: {
      key: string;
      value: number;
      timestamp?: number;
      step?: number;
    }[];
    params?: { key: string; value: string }[];
    tags?: { key: string; value: string }[];
  };
  inputs?: {
    dataset_inputs?: {
      /** `mlflow.data.context` says what the run used the dataset for: training, evaluation, ... */
      tags?: { key: string; value: string }[];
      dataset: {
        name: string;
        digest: string;
        source_type?: string;
        source?: string;
      };
    }[];
  };
};

/** One page of an MLflow search answer; the list's key depends on the endpoint. */
type MlflowPage = { next_page_token?: unknown } & Record<string, unknown>;

/**
 * Reads an MLflow Model Registry over its REST API 2.0, following
 * `next_page_token` until the last page. Shared by the catalog's MLflow
 * entity provider and the scorecard's registry evidence.
 *
 * @public
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

  /** One model version (`model-versions/get`). */
  async getModelVersion(
    name: string,
    version: string,
  ): Promise<MlflowModelVersion> {
    const body = await this.get(
      this.url('model-versions/get', { name, version }),
    );
    return body.model_version as MlflowModelVersion;
  }

  /** One registered model (`registered-models/get`). */
  async getRegisteredModel(name: string): Promise<MlflowRegisteredModel> {
    const body = await this.get(this.url('registered-models/get', { name }));
    return body.registered_model as MlflowRegisteredModel;
  }

  /** One run with its inputs (`runs/get`). */
  async getRun(runId: string): Promise<MlflowRun> {
    const body = await this.get(this.url('runs/get', { run_id: runId }));
    return body.run as MlflowRun;
  }

  private url(path: string, query: Record<string, string>): URL {
    const url = new URL(
      `api/2.0/mlflow/${path}`,
      withSlash(this.options.baseUrl),
    );
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  }

  private async paginate<T>(
    path: string,
    query: Record<string, string>,
    items: (body: MlflowPage) => unknown,
  ): Promise<T[]> {
    const all: T[] = [];
    let pageToken: string | undefined;
    do {
      const url = this.url(path, query);
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

  private get(url: URL): Promise<MlflowPage> {
    return getRegistryJson(url, this.options);
  }
}

function withSlash(url: string) {
  return url.endsWith('/') ? url : `${url}/`;
}
