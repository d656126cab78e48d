/**
 * Clients of the trace back ends the scorecard reads, each asking for one
 * project's traces over a window: how many arrived, how many failed, what
 * they cost and how they were scored, where the back end records it.
 */

/** What a back end says of one service's traces over a window. @public */
export type TraceSummary = {
  /** The project exists in the back end (no project: no trace ever arrived). */
  found: boolean;
  traces: number;
  /** Traces that ended in an error; null where the back end cannot tell. */
  errorTraces: number | null;
  /** US dollars, where the back end prices the calls. */
  costUsd: number | null;
  /** Evaluation scores (hallucination, faithfulness, …) by name. */
  scores: { name: string; mean: number; count: number }[] | null;
};

/** @public */
export type TraceWindow = { from: Date; to: Date };

/** One hour's mean of an evaluation score, and how many scores it averages. @public */
export type HourlyScore = { hour: Date; mean: number; count: number };

/** A project the back end does not know: no traces arrived under its name. */
const notFound = (): TraceSummary => ({
  found: false,
  traces: 0,
  errorTraces: 0,
  costUsd: null,
  scores: [],
});

/** One configured back end. @public */
export interface TraceBackend {
  readonly id: 'phoenix' | 'langfuse' | 'langsmith' | 'helicone';
  readonly title: string;
  /** A simulated back end: its evidence is labelled as demo data. */
  readonly demo?: boolean;
  summary(project: string, window: TraceWindow): Promise<TraceSummary>;
  /**
   * The hourly means of one evaluation score (faithfulness, hallucination,
   * …) of a project's traces over a window, oldest first; hours without a
   * score are left out. Throws, with the reason, where the back end cannot
   * give them.
   */
  hourlyScores(
    project: string,
    name: string,
    window: TraceWindow,
  ): Promise<HourlyScore[]>;
}

type Fetch = typeof fetch;

/** How long one request may take, by default. */
const TIMEOUT_MS = 10_000;

/** What every client takes besides its back end's address and credentials. */
type ClientOptions = {
  /** A simulated back end: its evidence is labelled as demo data. */
  demo?: boolean;
  /** How long one request may take; default 10 seconds. */
  timeoutMs?: number;
  fetch?: Fetch;
};

/**
 * A back end reached over HTTP at `baseUrl`: each request has a time limit,
 * and its answer is read as JSON or turned into an error that names the
 * back end and what went wrong (unreachable, too slow, or its status and
 * message).
 */
abstract class HttpTraceBackend<O extends ClientOptions & { baseUrl: string }>
  implements TraceBackend
{
  abstract readonly id: TraceBackend['id'];
  abstract readonly title: string;

  constructor(protected readonly options: O) {}

  get demo() {
    return this.options.demo ?? false;
  }

  abstract summary(project: string, window: TraceWindow): Promise<TraceSummary>;

  async hourlyScores(
    _project: string,
    _name: string,
    _window: TraceWindow,
  ): Promise<HourlyScore[]> {
    throw new Error(
      `${this.title} gives no evaluation scores per hour and project; trace the service to Phoenix, LangSmith or Langfuse for an online quality SLO`,
    );
  }

  /** `path` (with its query) on the back end; its JSON answer. */
  protected async request(path: string, init: RequestInit = {}): Promise<any> {
    const { title, options } = this;
    const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
    let res: Response;
    try {
      res = await (options.fetch ?? fetch)(
        `${options.baseUrl.replace(/\/+$/, '')}${path}`,
        { ...init, signal: AbortSignal.timeout(timeoutMs) },
      );
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new Error(`${title} did not answer within ${timeoutMs / 1000} s`);
      }
      throw new Error(
        `could not reach ${title}: ${
          (error as Error).cause ?? (error as Error).message
        }`,
      );
    }
    const text = await res.text();
    if (!res.ok) {
      // Phoenix answers errors as plain text, Langfuse, LangSmith and
      // Helicone as JSON.
      let message = text;
      try {
        const answer = JSON.parse(text);
        message = answer.message ?? answer.detail ?? answer.error ?? text;
      } catch {
        // plain text
      }
      throw new Error(
        `${title} answered ${res.status}: ${String(message).slice(0, 300)}`,
      );
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`${title} answered with something that is not JSON`);
    }
  }
}

const number = (value: unknown): number | null => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

/**
 * Arize Phoenix, through its GraphQL API (`POST /graphql`, schema
 * js/app/schema.graphql, Phoenix 11 and later): a project is found by name
 * (`getProjectByName`), which is where traces with the resource attribute
 * `openinference.project.name` land; `traceCount` counts root spans, with
 * `status_code == 'ERROR'` those that failed; `costSummary` prices the
 * spans; `spanAnnotationSummary` averages each evaluation's scores.
 */
export class PhoenixBackend extends HttpTraceBackend<
  ClientOptions & { baseUrl: string; apiKey?: string }
> {
  readonly id = 'phoenix';
  readonly title = 'Phoenix';

  private query(query: string, variables: Record<string, unknown>) {
    const { apiKey } = this.options;
    return this.request('/graphql', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(apiKey && { Authorization: `Bearer ${apiKey}` }),
      },
      body: JSON.stringify({ query, variables }),
    }).then(body => {
      if (body.errors?.length) {
        throw new Error(
          `${this.title} answered: ${body.errors
            .map((e: { message: string }) => e.message)
            .join('; ')}`,
        );
      }
      return body.data;
    });
  }

  async summary(project: string, { from, to }: TraceWindow) {
    const timeRange = { start: from.toISOString(), end: to.toISOString() };
    const data = await this.query(
      `query TraceEvidence($name: String!, $timeRange: TimeRange!) {
  project: getProjectByName(name: $name) {
    traces: traceCount(timeRange: $timeRange)
    errorTraces: traceCount(timeRange: $timeRange, filterCondition: "status_code == 'ERROR'")
    costSummary(timeRange: $timeRange) { total { cost } }
    spanAnnotationNames
  }
}`,
      { name: project, timeRange },
    );
    const p = data?.project;
    if (!p) {
      return notFound();
    }
    const names: string[] = (p.spanAnnotationNames ?? []).slice(0, 20);
    let scores: TraceSummary['scores'] = [];
    if (names.length) {
      const summaries = await this.query(
        `query Scores($name: String!, $timeRange: TimeRange!, ${names
          .map((_, i) => `$n${i}: String!`)
          .join(', ')}) {
  project: getProjectByName(name: $name) {
${names
  .map(
    (_, i) =>
      `    s${i}: spanAnnotationSummary(annotationName: $n${i}, timeRange: $timeRange) { name meanScore scoreCount }`,
  )
  .join('\n')}
  }
}`,
        {
          name: project,
          timeRange,
          ...Object.fromEntries(names.map((n, i) => [`n${i}`, n])),
        },
      );
      scores = names.flatMap((_, i) => {
        const s = summaries?.project?.[`s${i}`];
        const mean = number(s?.meanScore);
        return s && mean !== null && s.scoreCount > 0
          ? [{ name: String(s.name), mean, count: Number(s.scoreCount) }]
          : [];
      });
    }
    return {
      found: true,
      traces: Number(p.traces),
      errorTraces: Number(p.errorTraces),
      costUsd: number(p.costSummary?.total?.cost),
      scores,
    };
  }

  /**
   * `spanAnnotationMetricsTimeSeries` (Phoenix 19.15 and later): the
   * project's span annotations of one name, binned by the hour of their
   * trace's start; `meanScore` is the mean per span, then across spans.
   */
  async hourlyScores(project: string, name: string, { from, to }: TraceWindow) {
    const data = await this.query(
      `query ScoreSeries($name: String!, $timeRange: TimeRange!, $annotation: String) {
  project: getProjectByName(name: $name) {
    series: spanAnnotationMetricsTimeSeries(
      timeRange: $timeRange
      timeBinConfig: { scale: HOUR, utcOffsetMinutes: 0 }
      annotationName: $annotation
    ) {
      data { timestamp annotationSummaries { name meanScore scoreCount } }
    }
  }
}`,
      {
        name: project,
        annotation: name,
        timeRange: { start: from.toISOString(), end: to.toISOString() },
      },
    );
    if (!data?.project) {
      throw new Error(`${this.title} has no project ${project}`);
    }
    return (
      (data.project.series?.data ?? []) as {
        timestamp: string;
        annotationSummaries: {
          name: string;
          meanScore: unknown;
          scoreCount: unknown;
        }[];
      }[]
    ).flatMap(bin => {
      const summary = bin.annotationSummaries.find(a => a.name === name);
      const mean = number(summary?.meanScore);
      const count = number(summary?.scoreCount);
      return mean !== null && count
        ? [{ hour: new Date(bin.timestamp), mean, count }]
        : [];
    });
  }
}

/**
 * The Langfuse trace tag that files a service's traces for its online
 * quality SLO (`langfuse.trace.tags` on the root span).
 *
 * @public
 */
export const langfuseServiceTag = (service: string) => `service:${service}`;

/** The start of the hour `date` is in, UTC. */
const hourOf = (date: Date) =>
  new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000);

/**
 * Langfuse v4, through `GET /api/public/v2/metrics` (fern
 * apis/server/definition/metrics.yml): the project is the one of the key
 * pair; a service's traces are the observations whose OpenTelemetry
 * resource attribute `service.name` is the service (Langfuse keeps it as
 * metadata `resourceAttributes.service.name`), counted as distinct trace
 * ids; a trace failed when one of its observations has level ERROR (what
 * Langfuse records for a span with status ERROR). Its score metrics
 * filter by trace tags, so a service's evaluation scores are read by the
 * tag its traces carry (langfuseServiceTag).
 */
export class LangfuseBackend extends HttpTraceBackend<
  ClientOptions & { baseUrl: string; publicKey: string; secretKey: string }
> {
  readonly id = 'langfuse';
  readonly title = 'Langfuse';

  private async metrics(query: Record<string, unknown>) {
    const { publicKey, secretKey } = this.options;
    const body = await this.request(
      `/api/public/v2/metrics?query=${encodeURIComponent(
        JSON.stringify(query),
      )}`,
      {
        headers: {
          Authorization: `Basic ${Buffer.from(
            `${publicKey}:${secretKey}`,
          ).toString('base64')}`,
        },
      },
    );
    return (body.data ?? []) as Record<string, unknown>[];
  }

  async summary(service: string, { from, to }: TraceWindow) {
    const window = {
      fromTimestamp: from.toISOString(),
      toTimestamp: to.toISOString(),
    };
    const ofService = {
      column: 'metadata',
      type: 'stringObject',
      key: 'resourceAttributes.service.name',
      operator: '=',
      value: service,
    };
    // One after the other, and the second only when traces arrived: Langfuse
    // Cloud allows few metrics queries a day on its smaller plans.
    const [all = {}] = await this.metrics({
      view: 'observations',
      metrics: [
        { measure: 'traceId', aggregation: 'uniq' },
        { measure: 'totalCost', aggregation: 'sum' },
      ],
      filters: [ofService],
      ...window,
    });
    const [failed = {}] = number(all.uniq_traceId)
      ? await this.metrics({
          view: 'observations',
          metrics: [{ measure: 'traceId', aggregation: 'uniq' }],
          filters: [
            ofService,
            { column: 'level', type: 'string', operator: '=', value: 'ERROR' },
          ],
          ...window,
        })
      : [];
    const traces = number(all.uniq_traceId) ?? 0;
    return {
      // Langfuse has no per-service record: a service without traces is one
      // whose traces did not arrive.
      found: traces > 0,
      traces,
      errorTraces: number(failed.uniq_traceId) ?? 0,
      costUsd: traces > 0 ? number(all.sum_totalCost) : null,
      scores: null,
    };
  }

  /**
   * The `scores-numeric` view, by the hour of the score: its views filter
   * by trace tags, not by `service.name`, so a service's scores are those
   * on traces tagged `service:<name>` (`langfuse.trace.tags`, which the RAG
   * stack golden path's service sets). Langfuse fills empty hours with
   * zeros: they are skipped by their count. At most 1000 rows a query, so
   * a window is read in parts of 1000 hours.
   */
  async hourlyScores(project: string, name: string, { from, to }: TraceWindow) {
    const hours: HourlyScore[] = [];
    for (
      let start = from;
      start < to;
      start = new Date(start.getTime() + 1000 * 3_600_000)
    ) {
      const end = new Date(
        Math.min(start.getTime() + 1000 * 3_600_000, to.getTime()),
      );
      const rows = await this.metrics({
        view: 'scores-numeric',
        metrics: [
          { measure: 'value', aggregation: 'avg' },
          { measure: 'count', aggregation: 'count' },
        ],
        filters: [
          { column: 'name', type: 'string', operator: '=', value: name },
          {
            column: 'tags',
            type: 'arrayOptions',
            operator: 'any of',
            value: [langfuseServiceTag(project)],
          },
        ],
        timeDimension: { granularity: 'hour' },
        fromTimestamp: start.toISOString(),
        toTimestamp: end.toISOString(),
        config: { row_limit: 1000 },
      });
      for (const row of rows) {
        const mean = number(row.avg_value);
        const count = number(row.count_count);
        const hour = new Date(String(row.time_dimension));
        if (mean !== null && count && !Number.isNaN(hour.getTime())) {
          hours.push({ hour, mean, count });
        }
      }
    }
    return hours.sort((a, b) => a.hour.getTime() - b.hour.getTime());
  }
}

/**
 * LangSmith: the tracing project (a "session", `GET /api/v1/sessions?name=`)
 * that the Langsmith-Project header files the traces under, and its root
 * runs over the window from `POST /api/v1/runs/stats` (run count, error
 * rate, total cost, feedback statistics), as the langsmith SDK's
 * getRunStats asks for them.
 */
export class LangSmithBackend extends HttpTraceBackend<
  ClientOptions & { baseUrl: string; apiKey: string; workspaceId?: string }
> {
  readonly id = 'langsmith';
  readonly title = 'LangSmith';

  private call(path: string, init: RequestInit = {}) {
    const { apiKey, workspaceId } = this.options;
    return this.request(path, {
      ...init,
      headers: {
        'x-api-key': apiKey,
        ...(workspaceId && { 'x-tenant-id': workspaceId }),
        ...(init.body && { 'Content-Type': 'application/json' }),
      },
    });
  }

  /** The tracing project ("session") of that name, if LangSmith has it. */
  private async session(project: string): Promise<{ id: string } | undefined> {
    const sessions = await this.call(
      `/api/v1/sessions?name=${encodeURIComponent(project)}&limit=1`,
    );
    return Array.isArray(sessions)
      ? sessions.find(s => s?.name === project)
      : undefined;
  }

  async summary(project: string, { from, to }: TraceWindow) {
    const session = await this.session(project);
    if (!session) {
      return notFound();
    }
    const stats = await this.call('/api/v1/runs/stats', {
      method: 'POST',
      body: JSON.stringify({
        session: [session.id],
        is_root: true,
        start_time: from.toISOString(),
        end_time: to.toISOString(),
      }),
    });
    const traces = number(stats.run_count) ?? 0;
    const errorRate = number(stats.error_rate);
    const feedback = (stats.feedback_stats ?? {}) as Record<
      string,
      { n?: unknown; avg?: unknown }
    >;
    return {
      found: true,
      traces,
      errorTraces: errorRate === null ? null : Math.round(errorRate * traces),
      costUsd: number(stats.total_cost),
      scores: Object.entries(feedback).flatMap(([name, s]) => {
        const mean = number(s?.avg);
        const count = number(s?.n);
        return mean !== null && count ? [{ name, mean, count }] : [];
      }),
    };
  }

  /**
   * The feedback of one key on the project's runs (`GET /api/v1/feedback`,
   * paged by `offset`, 100 at a time), averaged per hour of when it was
   * written: online evaluators score a run after it ends.
   */
  async hourlyScores(project: string, name: string, { from, to }: TraceWindow) {
    const session = await this.session(project);
    if (!session) throw new Error(`${this.title} has no project ${project}`);
    const hours = new Map<number, { sum: number; count: number }>();
    const limit = 100;
    for (let offset = 0; ; offset += limit) {
      const query = new URLSearchParams({
        session: String(session.id),
        key: name,
        has_score: 'true',
        min_created_at: from.toISOString(),
        max_created_at: to.toISOString(),
        limit: String(limit),
        offset: String(offset),
      });
      const page = await this.call(`/api/v1/feedback?${query}`);
      if (!Array.isArray(page)) {
        throw new Error(`${this.title} answered feedback that is not a list`);
      }
      for (const f of page) {
        const score =
          typeof f?.score === 'boolean' ? Number(f.score) : number(f?.score);
        // A time without a zone is UTC, as LangSmith writes it.
        const at = new Date(
          /[zZ]|[+-]\d\d:?\d\d$/.test(String(f?.created_at))
            ? f.created_at
            : `${f?.created_at}Z`,
        );
        if (score === null || Number.isNaN(at.getTime())) continue;
        const hour = hourOf(at).getTime();
        const h = hours.get(hour) ?? { sum: 0, count: 0 };
        h.sum += score;
        h.count++;
        hours.set(hour, h);
      }
      if (page.length < limit) break;
    }
    return [...hours]
      .sort(([a], [b]) => a - b)
      .map(([hour, h]) => ({
        hour: new Date(hour),
        mean: h.sum / h.count,
        count: h.count,
      }));
  }
}

/** A Helicone filter: one condition, or two joined. */
type HeliconeFilter =
  | Record<string, unknown>
  | { left: HeliconeFilter; operator: 'and' | 'or'; right: HeliconeFilter };

const and = (...filters: HeliconeFilter[]): HeliconeFilter =>
  filters.reduce((left, right) => ({ left, operator: 'and', right }));

/**
 * Helicone, the gateway that logs every model call passing through it,
 * through its public REST API (valhalla/jawn, controllers/public): a
 * service's calls are the requests tagged with the custom property
 * `Helicone-Property-<property>: <service>` (property `service` by
 * default), counted with `POST /v1/request/count/query`, those answered
 * with a status of 400 or more counted as failed, and priced with
 * `POST /v1/metrics/totalCost` (US dollars). Helicone logs requests, not
 * traces: each request counts as one. Its evaluation scores are not read
 * (`/v1/evals/query` averages per hour, not per score).
 */
export class HeliconeBackend extends HttpTraceBackend<
  ClientOptions & { baseUrl: string; apiKey: string; property?: string }
> {
  readonly id = 'helicone';
  readonly title = 'Helicone';

  private async post(path: string, body: object): Promise<number | null> {
    const answer = await this.request(path, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${this.options.apiKey}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    if (answer?.error) {
      throw new Error(
        `${this.title} answered: ${String(answer.error).slice(0, 300)}`,
      );
    }
    return number(answer?.data);
  }

  async summary(service: string, { from, to }: TraceWindow) {
    // Helicone keeps custom property names as the gateway received the
    // header, lower-cased.
    const property = (this.options.property ?? 'service').toLowerCase();
    const ofService = {
      request_response_rmt: { properties: { [property]: { equals: service } } },
    };
    const inWindow = and(
      {
        request_response_rmt: {
          request_created_at: { gte: from.toISOString() },
        },
      },
      {
        request_response_rmt: { request_created_at: { lt: to.toISOString() } },
      },
      ofService,
    );
    const requests =
      (await this.post('/v1/request/count/query', { filter: inWindow })) ?? 0;
    if (requests === 0) return notFound();
    const failed = await this.post('/v1/request/count/query', {
      filter: and(inWindow, {
        request_response_rmt: { status: { gte: 400 } },
      }),
    });
    const costUsd = await this.post('/v1/metrics/totalCost', {
      filter: ofService,
      timeFilter: { start: from.toISOString(), end: to.toISOString() },
    });
    return {
      // No per-service record: a service without requests is one whose
      // calls did not pass through Helicone.
      found: true,
      traces: requests,
      errorTraces: failed ?? 0,
      costUsd,
      scores: null,
    };
  }
}
