import { ServiceUnavailableError } from '@backstage/errors';

/** One series of an instant or range query. */
export type Series = {
  metric: Record<string, string>;
  /** [unix seconds, value] pairs; one pair for an instant query. */
  values: [number, number][];
};

/** An alerting rule as Prometheus has it loaded (`/api/v1/rules`). */
export type AlertingRule = {
  group: string;
  name: string;
  labels: Record<string, string>;
  /** ok, err or unknown (not evaluated yet). */
  health: string;
  /** inactive, pending or firing. */
  state: string;
  lastError?: string;
};

/** The Prometheus HTTP API, as this plugin uses it. */
export interface PrometheusApi {
  /** Every alerting rule the server has loaded. */
  alertingRules(): Promise<AlertingRule[]>;
  query(promql: string, time: Date): Promise<Series[]>;
  queryRange(
    promql: string,
    start: Date,
    end: Date,
    stepSeconds: number,
  ): Promise<Series[]>;
}

/**
 * A client of Prometheus's `/api/v1/query`, `/api/v1/query_range` and
 * `/api/v1/rules`.
 * Everything that goes wrong — no answer, no answer in time, an answer that
 * is not the Prometheus API, a refused query — becomes a
 * `ServiceUnavailableError` that says which data source and what happened.
 */
export class PrometheusClient implements PrometheusApi {
  /** How errors name the data source: its id and URL, without credentials. */
  private readonly where: string;

  constructor(
    private readonly options: {
      id: string;
      baseUrl: string;
      /** What errors show instead of baseUrl (SourceConfig.displayUrl). */
      displayUrl: string;
      /** Authentication, tenant and other headers, sent with every request. */
      headers?: Record<string, string>;
      timeoutMs: number;
      fetch?: typeof fetch;
    },
  ) {
    this.where = `Prometheus data source ${options.id} (${options.displayUrl})`;
  }

  async query(promql: string, time: Date): Promise<Series[]> {
    const data = await this.call('query', {
      query: promql,
      time: String(time.getTime() / 1000),
    });
    if (data.resultType === 'scalar') {
      const [t, v] = data.result as [number, string];
      return [{ metric: {}, values: [[t, Number(v)]] }];
    }
    return (
      data.result as {
        metric: Record<string, string>;
        value: [number, string];
      }[]
    ).map(r => ({
      metric: r.metric,
      values: [[r.value[0], Number(r.value[1])]],
    }));
  }

  async alertingRules(): Promise<AlertingRule[]> {
    const data = await this.call('rules', { type: 'alert' }, body =>
      Array.isArray((body as { groups?: unknown }).groups),
    );
    const groups = (
      data as unknown as {
        groups: {
          name: string;
          rules: {
            type: string;
            name: string;
            labels?: Record<string, string>;
            health: string;
            state?: string;
            lastError?: string;
          }[];
        }[];
      }
    ).groups;
    return groups.flatMap(g =>
      (g.rules ?? [])
        .filter(r => r.type === 'alerting')
        .map(r => ({
          group: g.name,
          name: r.name,
          labels: r.labels ?? {},
          health: r.health,
          state: r.state ?? 'inactive',
          ...(r.lastError ? { lastError: r.lastError } : {}),
        })),
    );
  }

  async queryRange(
    promql: string,
    start: Date,
    end: Date,
    stepSeconds: number,
  ): Promise<Series[]> {
    const data = await this.call('query_range', {
      query: promql,
      start: String(start.getTime() / 1000),
      end: String(end.getTime() / 1000),
      step: String(stepSeconds),
    });
    return (
      data.result as {
        metric: Record<string, string>;
        values: [number, string][];
      }[]
    ).map(r => ({
      metric: r.metric,
      values: r.values.map(([t, v]) => [t, Number(v)]),
    }));
  }

  private async call(
    endpoint: 'query' | 'query_range' | 'rules',
    params: Record<string, string>,
    isData: (data: Record<string, unknown>) => boolean = data =>
      typeof data.resultType === 'string' && Array.isArray(data.result),
  ): Promise<{ resultType: string; result: unknown }> {
    const { id, baseUrl, timeoutMs } = this.options;
    const where = this.where;
    const headers = this.options.headers ?? {};
    let res: Response;
    try {
      const url = `${baseUrl.replace(/\/+$/, '')}/api/v1/${endpoint}`;
      // Queries go as form bodies (long PromQL); /api/v1/rules is GET only.
      res = await (this.options.fetch ?? fetch)(
        endpoint === 'rules' ? `${url}?${new URLSearchParams(params)}` : url,
        {
          method: endpoint === 'rules' ? 'GET' : 'POST',
          ...(endpoint === 'rules'
            ? { headers }
            : {
                headers: {
                  ...headers,
                  'Content-Type': 'application/x-www-form-urlencoded',
                },
                body: new URLSearchParams(params),
              }),
          signal: AbortSignal.timeout(timeoutMs),
        },
      );
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw new ServiceUnavailableError(
          `${where} did not answer within ${
            timeoutMs / 1000
          } s (aiOps.prometheus.sources.${id}.timeout)`,
        );
      }
      throw new ServiceUnavailableError(
        `${where} is unreachable: ${e.cause?.code ?? e.message}`,
      );
    }
    if (res.status === 401 || res.status === 403) {
      throw new ServiceUnavailableError(
        `${where} refused the request with HTTP ${res.status}: check aiOps.prometheus.sources.${id}.auth, tenantId and headers`,
      );
    }
    let body: {
      status?: string;
      data?: Record<string, unknown>;
      error?: string;
    };
    try {
      body = await res.json();
    } catch {
      throw new ServiceUnavailableError(
        `${where} answered HTTP ${res.status} with something that is not the Prometheus API`,
      );
    }
    if (body?.status === 'error') {
      throw new ServiceUnavailableError(
        `${where} refused a query: ${body.error ?? 'no reason given'}`,
      );
    }
    if (
      body?.status !== 'success' ||
      typeof body.data !== 'object' ||
      body.data === null ||
      !isData(body.data)
    ) {
      throw new ServiceUnavailableError(
        `${where} answered HTTP ${res.status} with something that is not the Prometheus API`,
      );
    }
    return body.data as { resultType: string; result: unknown };
  }
}
