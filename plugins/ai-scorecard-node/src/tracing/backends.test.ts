import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  HeliconeBackend,
  LangfuseBackend,
  LangSmithBackend,
  PhoenixBackend,
} from './backends';

/*
 * Each back end's client against a loopback HTTP server that answers with
 * the JSON of the real API. None of the three can run here, so the shapes
 * are taken from their published definitions, named beside each server.
 */

type Handler = (req: IncomingMessage & { body: string; url: string }) =>
  | {
      status?: number;
      body: unknown;
      text?: boolean;
    }
  | 'no answer';

let server: Server;
let handler: Handler;
let baseUrl: string;
const requests: { method: string; url: string; headers: any; body: string }[] =
  [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      requests.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body,
      });
      const answer = handler(Object.assign(req, { body, url: req.url! }));
      if (answer === 'no answer') return;
      res.writeHead(answer.status ?? 200, {
        'Content-Type': answer.text ? 'text/plain' : 'application/json',
      });
      res.end(answer.text ? String(answer.body) : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise(r => {
      server.closeAllConnections();
      server.close(r);
    }),
);
beforeEach(() => {
  requests.length = 0;
});

/** The JSON query of a request to Langfuse's metrics API. */
const langfuseQuery = (url: string) =>
  JSON.parse(new URL(url, 'http://x').searchParams.get('query')!);

const window = {
  from: new Date('2026-12-05T12:00:00Z'),
  to: new Date('2026-12-06T12:00:00Z'),
};

describe('PhoenixBackend', () => {
  // Phoenix's GraphQL schema (Arize-ai/phoenix js/app/schema.graphql):
  // Query.getProjectByName(name) → Project { traceCount(timeRange,
  // filterCondition): Int!, costSummary(timeRange): SpanCostSummary
  // { total: CostBreakdown { tokens, cost } }, spanAnnotationNames,
  // spanAnnotationSummary(annotationName, timeRange): AnnotationSummary
  // { name, meanScore, scoreCount, … } }.
  it('counts the project’s traces, failed traces, cost and scores over the window', async () => {
    handler = req => {
      const { query, variables } = JSON.parse(req.body);
      if (query.includes('TraceEvidence')) {
        return {
          body: {
            data: {
              project: {
                traces: 1200,
                errorTraces: 18,
                costSummary: { total: { tokens: 3.1e6, cost: 4.215 } },
                spanAnnotationNames: ['hallucination', 'relevance'],
              },
            },
          },
        };
      }
      expect(variables).toMatchObject({
        n0: 'hallucination',
        n1: 'relevance',
      });
      return {
        body: {
          data: {
            project: {
              s0: { name: 'hallucination', meanScore: 0.04, scoreCount: 300 },
              s1: { name: 'relevance', meanScore: null, scoreCount: 0 },
            },
          },
        },
      };
    };
    const phoenix = new PhoenixBackend({ baseUrl, apiKey: 'px-key' });
    expect(await phoenix.summary('vllm-chat', window)).toEqual({
      found: true,
      traces: 1200,
      errorTraces: 18,
      costUsd: 4.215,
      scores: [{ name: 'hallucination', mean: 0.04, count: 300 }],
    });
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: 'Bearer px-key' },
    });
    const first = JSON.parse(requests[0].body);
    expect(first.variables).toEqual({
      name: 'vllm-chat',
      timeRange: {
        start: '2026-12-05T12:00:00.000Z',
        end: '2026-12-06T12:00:00.000Z',
      },
    });
    expect(first.query).toContain(
      `traceCount(timeRange: $timeRange, filterCondition: "status_code == 'ERROR'")`,
    );
  });

  it('reads a missing project as no trace arrived, and names GraphQL and HTTP errors', async () => {
    handler = () => ({ body: { data: { project: null } } });
    const phoenix = new PhoenixBackend({ baseUrl });
    expect(await phoenix.summary('nobody', window)).toMatchObject({
      found: false,
      traces: 0,
    });
    expect(requests[0].headers.authorization).toBeUndefined();

    handler = () => ({
      body: { data: null, errors: [{ message: 'Unknown field traceCount' }] },
    });
    await expect(phoenix.summary('x', window)).rejects.toThrow(
      'Phoenix answered: Unknown field traceCount',
    );
    // Phoenix answers errors as plain text (app.py's plain_text_http_exception_handler).
    handler = () => ({ status: 401, body: 'Invalid token', text: true });
    await expect(phoenix.summary('x', window)).rejects.toThrow(
      'Phoenix answered 401: Invalid token',
    );
  });
});

describe('LangfuseBackend', () => {
  // Langfuse v4's GET /api/public/v2/metrics (fern
  // apis/server/definition/metrics.yml; columns named
  // `${aggregation}_${measure}` by the query builder, counts as strings
  // from ClickHouse).
  it('counts the service’s distinct traces, those with an ERROR observation, and their cost', async () => {
    handler = req => {
      const query = langfuseQuery(req.url);
      const failed = query.filters.some(
        (f: { column: string }) => f.column === 'level',
      );
      return {
        body: {
          data: [
            failed
              ? { uniq_traceId: '7' }
              : { uniq_traceId: '350', sum_totalCost: 1.25 },
          ],
        },
      };
    };
    const langfuse = new LangfuseBackend({
      baseUrl: `${baseUrl}/`,
      publicKey: 'pk-lf-1',
      secretKey: 'sk-lf-1',
    });
    expect(await langfuse.summary('rag-api', window)).toEqual({
      found: true,
      traces: 350,
      errorTraces: 7,
      costUsd: 1.25,
      scores: null,
    });
    expect(requests).toHaveLength(2);
    for (const r of requests) {
      expect(r.url.startsWith('/api/public/v2/metrics?query=')).toBe(true);
      expect(r.headers.authorization).toBe(
        `Basic ${Buffer.from('pk-lf-1:sk-lf-1').toString('base64')}`,
      );
    }
    const queries = requests.map(r => langfuseQuery(r.url));
    expect(queries[0]).toEqual({
      view: 'observations',
      metrics: [
        { measure: 'traceId', aggregation: 'uniq' },
        { measure: 'totalCost', aggregation: 'sum' },
      ],
      filters: [
        {
          column: 'metadata',
          type: 'stringObject',
          key: 'resourceAttributes.service.name',
          operator: '=',
          value: 'rag-api',
        },
      ],
      fromTimestamp: '2026-12-05T12:00:00.000Z',
      toTimestamp: '2026-12-06T12:00:00.000Z',
    });
    expect(queries[1].filters[1]).toEqual({
      column: 'level',
      type: 'string',
      operator: '=',
      value: 'ERROR',
    });
  });

  it('reads no rows as no trace, and names a Langfuse without the v2 metrics API', async () => {
    handler = () => ({ body: { data: [] } });
    const langfuse = new LangfuseBackend({
      baseUrl,
      publicKey: 'pk',
      secretKey: 'sk',
    });
    expect(await langfuse.summary('x', window)).toEqual({
      found: false,
      traces: 0,
      errorTraces: 0,
      costUsd: null,
      scores: null,
    });
    handler = () => ({
      status: 404,
      body: {
        message:
          'The metrics v2 API is only available in a Langfuse v4 write mode',
      },
    });
    await expect(langfuse.summary('x', window)).rejects.toThrow(
      'Langfuse answered 404: The metrics v2 API is only available in a Langfuse v4 write mode',
    );
  });
});

describe('HeliconeBackend', () => {
  // Helicone's public API (valhalla/jawn/src/controllers/public:
  // requestController POST /v1/request/count/query, metricsController POST
  // /v1/metrics/totalCost) answers every call as { data, error }; filters
  // are trees of { left, operator, right } over request_response_rmt
  // (packages/filters/filterDefs.ts), custom properties under
  // request_response_rmt.properties.
  /** The value of a condition found anywhere in a filter tree. */
  const find = (filter: any, pick: (f: any) => unknown): unknown =>
    filter && typeof filter === 'object'
      ? pick(filter) ?? find(filter.left, pick) ?? find(filter.right, pick)
      : undefined;
  const serviceOf = (filter: unknown) =>
    find(filter, f => f.request_response_rmt?.properties?.service?.equals);
  const statusOf = (filter: unknown) =>
    find(filter, f => f.request_response_rmt?.status);

  it('counts the requests tagged with the service, those that failed, and their cost', async () => {
    handler = req => {
      const body = JSON.parse(req.body);
      if (serviceOf(body.filter) !== 'support-bot') {
        return { body: { data: 0, error: null } };
      }
      if (req.url === '/v1/metrics/totalCost') {
        return { body: { data: 4.21, error: null } };
      }
      return {
        body: { data: statusOf(body.filter) ? 12 : 1500, error: null },
      };
    };
    const helicone = new HeliconeBackend({ baseUrl, apiKey: 'sk-helicone' });
    expect(await helicone.summary('support-bot', window)).toEqual({
      found: true,
      traces: 1500,
      errorTraces: 12,
      costUsd: 4.21,
      scores: null,
    });
    expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/request/count/query',
      'POST /v1/request/count/query',
      'POST /v1/metrics/totalCost',
    ]);
    expect(requests[0].headers.authorization).toBe('Bearer sk-helicone');
    expect(JSON.parse(requests[0].body)).toEqual({
      filter: {
        left: {
          left: {
            request_response_rmt: {
              request_created_at: { gte: '2026-12-05T12:00:00.000Z' },
            },
          },
          operator: 'and',
          right: {
            request_response_rmt: {
              request_created_at: { lt: '2026-12-06T12:00:00.000Z' },
            },
          },
        },
        operator: 'and',
        right: {
          request_response_rmt: {
            properties: { service: { equals: 'support-bot' } },
          },
        },
      },
    });
    expect(statusOf(JSON.parse(requests[1].body).filter)).toEqual({ gte: 400 });
    expect(JSON.parse(requests[2].body)).toEqual({
      filter: {
        request_response_rmt: {
          properties: { service: { equals: 'support-bot' } },
        },
      },
      timeFilter: {
        start: '2026-12-05T12:00:00.000Z',
        end: '2026-12-06T12:00:00.000Z',
      },
    });
  });

  it('filters on the configured property, lower-cased as Helicone keeps it', async () => {
    handler = () => ({ body: { data: 0, error: null } });
    const helicone = new HeliconeBackend({
      baseUrl,
      apiKey: 'k',
      property: 'App-Service',
    });
    expect(await helicone.summary('chat', window)).toMatchObject({
      found: false,
      traces: 0,
    });
    // No request passed through Helicone: nothing more is asked.
    expect(requests).toHaveLength(1);
    expect(requests[0].body).toContain('"app-service":{"equals":"chat"}');
  });

  it('names an error in the answer and a refused key', async () => {
    handler = () => ({
      status: 200,
      body: { data: null, error: 'invalid limit' },
    });
    const helicone = new HeliconeBackend({ baseUrl, apiKey: 'k' });
    await expect(helicone.summary('x', window)).rejects.toThrow(
      'Helicone answered: invalid limit',
    );
    handler = () => ({
      status: 401,
      body: { data: null, error: 'Unauthorized' },
    });
    await expect(helicone.summary('x', window)).rejects.toThrow(
      'Helicone answered 401: Unauthorized',
    );
  });
});

describe('LangSmithBackend', () => {
  // GET /api/v1/sessions?name= answers an array of TracerSession; POST
  // /api/v1/runs/stats answers RunStats (run_count, error_rate,
  // total_cost as a decimal string, feedback_stats { key: { n, avg } }),
  // as langsmith-sdk's js/src/client.ts readProject and getRunStats use them.
  it('finds the project and reads its root runs’ count, error rate, cost and feedback', async () => {
    handler = req => {
      if (req.url.startsWith('/api/v1/sessions')) {
        return {
          body: [
            {
              id: '6b7c7c3e-7a52-4c1f-9e0b-1f0f5c4f0a11',
              name: 'support-bot',
              tenant_id: 't',
              start_time: '2026-11-01T00:00:00Z',
              run_count: 99000,
            },
          ],
        };
      }
      return {
        body: {
          run_count: 2000,
          error_rate: 0.0125,
          total_cost: '3.5075',
          latency_p50: 0.8,
          feedback_stats: {
            correctness: { n: 40, avg: 0.875 },
            note: { n: 3, avg: null },
          },
        },
      };
    };
    const langsmith = new LangSmithBackend({
      baseUrl,
      apiKey: 'lsv2-key',
      workspaceId: 'ws-1',
    });
    expect(await langsmith.summary('support-bot', window)).toEqual({
      found: true,
      traces: 2000,
      errorTraces: 25,
      costUsd: 3.5075,
      scores: [{ name: 'correctness', mean: 0.875, count: 40 }],
    });
    expect(requests[0]).toMatchObject({
      method: 'GET',
      url: '/api/v1/sessions?name=support-bot&limit=1',
      headers: { 'x-api-key': 'lsv2-key', 'x-tenant-id': 'ws-1' },
    });
    expect(requests[1].method).toBe('POST');
    expect(requests[1].url).toBe('/api/v1/runs/stats');
    expect(JSON.parse(requests[1].body)).toEqual({
      session: ['6b7c7c3e-7a52-4c1f-9e0b-1f0f5c4f0a11'],
      is_root: true,
      start_time: '2026-12-05T12:00:00.000Z',
      end_time: '2026-12-06T12:00:00.000Z',
    });
  });

  it('reads a missing project as no trace arrived, and names a refused key', async () => {
    handler = () => ({ body: [] });
    const langsmith = new LangSmithBackend({ baseUrl, apiKey: 'k' });
    expect(await langsmith.summary('x', window)).toMatchObject({
      found: false,
      traces: 0,
    });
    handler = () => ({ status: 401, body: { detail: 'Invalid token' } });
    await expect(langsmith.summary('x', window)).rejects.toThrow(
      'LangSmith answered 401: Invalid token',
    );
  });

  it('names a back end that does not answer in time', async () => {
    handler = () => 'no answer';
    const langsmith = new LangSmithBackend({
      baseUrl,
      apiKey: 'k',
      timeoutMs: 200,
    });
    await expect(langsmith.summary('x', window)).rejects.toThrow(
      'LangSmith did not answer within 0.2 s',
    );
  });

  it('names a back end it cannot reach', async () => {
    const langsmith = new LangSmithBackend({
      baseUrl: 'http://127.0.0.1:1',
      apiKey: 'k',
    });
    await expect(langsmith.summary('x', window)).rejects.toThrow(
      'could not reach LangSmith',
    );
  });
});

describe('hourlyScores', () => {
  it("reads Phoenix's hourly span-annotation means of one evaluation, skipping empty hours", async () => {
    // Project.spanAnnotationMetricsTimeSeries(timeRange, timeBinConfig,
    // annotationName): AnnotationMetricsTimeSeries { names, data: [{
    // timestamp, annotationSummaries: [AnnotationSummary] }] } (Phoenix
    // 19.15, js/app/schema.graphql; resolver src/phoenix/server/api/types/Project.py).
    handler = () => ({
      body: {
        data: {
          project: {
            series: {
              data: [
                {
                  timestamp: '2026-12-05T12:00:00+00:00',
                  annotationSummaries: [
                    { name: 'hallucination', meanScore: 0.9, scoreCount: 40 },
                  ],
                },
                {
                  timestamp: '2026-12-05T13:00:00+00:00',
                  annotationSummaries: [],
                },
                {
                  timestamp: '2026-12-05T14:00:00+00:00',
                  annotationSummaries: [
                    { name: 'hallucination', meanScore: 0.55, scoreCount: 3 },
                  ],
                },
              ],
            },
          },
        },
      },
    });
    const phoenix = new PhoenixBackend({ baseUrl });
    expect(
      await phoenix.hourlyScores('support-assistant', 'hallucination', window),
    ).toEqual([
      { hour: new Date('2026-12-05T12:00:00Z'), mean: 0.9, count: 40 },
      { hour: new Date('2026-12-05T14:00:00Z'), mean: 0.55, count: 3 },
    ]);
    const sent = JSON.parse(requests[0].body);
    expect(sent.query).toContain(
      'timeBinConfig: { scale: HOUR, utcOffsetMinutes: 0 }',
    );
    expect(sent.variables).toEqual({
      name: 'support-assistant',
      annotation: 'hallucination',
      timeRange: {
        start: '2026-12-05T12:00:00.000Z',
        end: '2026-12-06T12:00:00.000Z',
      },
    });
    handler = () => ({ body: { data: { project: null } } });
    await expect(
      phoenix.hourlyScores('nobody', 'hallucination', window),
    ).rejects.toThrow('Phoenix has no project nobody');
  });

  it("averages LangSmith's feedback of one key per hour it was written, page by page", async () => {
    // GET /api/v1/sessions?name= → [TracerSession]; GET /api/v1/feedback
    // (session, key, has_score, min_created_at, max_created_at, limit,
    // offset) → a bare array of FeedbackSchema { key, score, created_at,
    // run_id, … } (LangSmith API reference, "Read Feedbacks").
    const feedback = [
      ...Array.from({ length: 100 }, (_, i) => ({
        key: 'faithfulness',
        score: i < 50 ? 1 : 0.5,
        // A time without a zone is UTC.
        created_at: `2026-12-05T13:${String(i % 60).padStart(
          2,
          '0',
        )}:00.000000`,
      })),
      { key: 'faithfulness', score: true, created_at: '2026-12-05T15:10:00Z' },
      { key: 'faithfulness', score: null, created_at: '2026-12-05T15:20:00Z' },
    ];
    handler = req => {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/api/v1/sessions') {
        return { body: [{ id: 'sess-1', name: 'support-assistant' }] };
      }
      const offset = Number(url.searchParams.get('offset'));
      return { body: feedback.slice(offset, offset + 100) };
    };
    const langsmith = new LangSmithBackend({ baseUrl, apiKey: 'ls-key' });
    expect(
      await langsmith.hourlyScores('support-assistant', 'faithfulness', window),
    ).toEqual([
      { hour: new Date('2026-12-05T13:00:00Z'), mean: 0.75, count: 100 },
      { hour: new Date('2026-12-05T15:00:00Z'), mean: 1, count: 1 },
    ]);
    const pages = requests
      .filter(r => r.url.startsWith('/api/v1/feedback'))
      .map(r => Object.fromEntries(new URL(r.url, 'http://x').searchParams));
    expect(pages).toEqual([
      {
        session: 'sess-1',
        key: 'faithfulness',
        has_score: 'true',
        min_created_at: '2026-12-05T12:00:00.000Z',
        max_created_at: '2026-12-06T12:00:00.000Z',
        limit: '100',
        offset: '0',
      },
      expect.objectContaining({ offset: '100' }),
    ]);
    expect(requests[0].headers['x-api-key']).toBe('ls-key');
  });

  it("reads Langfuse's hourly means of one score on the traces tagged with the service, skipping the hours it fills", async () => {
    // GET /api/public/v2/metrics?query= with view scores-numeric and an hour
    // timeDimension → { data: [{ time_dimension, avg_value, count_count }] }
    // (fern apis/server/definition/metrics.yml; rows filled with zeros
    // between fromTimestamp and toTimestamp; ClickHouse's ISO times).
    handler = () => ({
      body: {
        data: [
          {
            time_dimension: '2026-12-05T12:00:00Z',
            avg_value: 0.93,
            count_count: '12',
          },
          {
            time_dimension: '2026-12-05T13:00:00Z',
            avg_value: 0,
            count_count: '0',
          },
          {
            time_dimension: '2026-12-05T14:00:00Z',
            avg_value: 0.71,
            count_count: '3',
          },
        ],
      },
    });
    const langfuse = new LangfuseBackend({
      baseUrl,
      publicKey: 'pk',
      secretKey: 'sk',
    });
    expect(
      await langfuse.hourlyScores('support-assistant', 'faithfulness', window),
    ).toEqual([
      { hour: new Date('2026-12-05T12:00:00Z'), mean: 0.93, count: 12 },
      { hour: new Date('2026-12-05T14:00:00Z'), mean: 0.71, count: 3 },
    ]);
    const query = langfuseQuery(requests[0].url);
    expect(query).toEqual({
      view: 'scores-numeric',
      metrics: [
        { measure: 'value', aggregation: 'avg' },
        { measure: 'count', aggregation: 'count' },
      ],
      filters: [
        {
          column: 'name',
          type: 'string',
          operator: '=',
          value: 'faithfulness',
        },
        {
          column: 'tags',
          type: 'arrayOptions',
          operator: 'any of',
          value: ['service:support-assistant'],
        },
      ],
      timeDimension: { granularity: 'hour' },
      fromTimestamp: '2026-12-05T12:00:00.000Z',
      toTimestamp: '2026-12-06T12:00:00.000Z',
      config: { row_limit: 1000 },
    });
    expect(requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from('pk:sk').toString('base64')}`,
    );
  });

  it('reads a window longer than 1000 hours in parts', async () => {
    handler = () => ({ body: { data: [] } });
    const langfuse = new LangfuseBackend({
      baseUrl,
      publicKey: 'pk',
      secretKey: 'sk',
    });
    const from = new Date('2026-10-01T00:00:00Z');
    const to = new Date(from.getTime() + 1500 * 3_600_000);
    await langfuse.hourlyScores('svc', 'faithfulness', { from, to });
    expect(
      requests.map(r => {
        const q = langfuseQuery(r.url);
        return [q.fromTimestamp, q.toTimestamp];
      }),
    ).toEqual([
      ['2026-10-01T00:00:00.000Z', '2026-11-11T16:00:00.000Z'],
      ['2026-11-11T16:00:00.000Z', '2026-12-02T12:00:00.000Z'],
    ]);
  });

  it('says why Helicone gives no per-service hourly scores', async () => {
    await expect(
      new HeliconeBackend({ baseUrl, apiKey: 'h' }).hourlyScores(
        'support-assistant',
        'faithfulness',
        window,
      ),
    ).rejects.toThrow(
      'Helicone gives no evaluation scores per hour and project; trace the service to Phoenix, LangSmith or Langfuse for an online quality SLO',
    );
    expect(requests).toEqual([]);
  });
});
