// Loopback trace back ends for tests and the demo: one HTTP server that
// answers the calls the scorecard's tracing module makes, with the JSON of
// each real API, for the projects a test records. None of Phoenix, Langfuse,
// LangSmith or Helicone can be installed on the build machines.
//   Phoenix   POST /graphql: getProjectByName { traceCount, costSummary,
//             spanAnnotationNames, spanAnnotationSummary,
//             spanAnnotationMetricsTimeSeries } (js/app/schema.graphql)
//   Langfuse  GET /api/public/v2/metrics?query= (views observations and
//             scores-numeric; columns `${aggregation}_${measure}`, counts as
//             strings, as ClickHouse returns them)
//   LangSmith GET /api/v1/sessions?name=, POST /api/v1/runs/stats (TracerSession, RunStats),
//             GET /api/v1/feedback (a bare array of FeedbackSchema, paged by offset)
//   Helicone  POST /v1/request/count/query, POST /v1/metrics/totalCost ({ data, error };
//             filters over request_response_rmt, valhalla/jawn controllers/public)
import { createServer, IncomingMessage } from 'node:http';
import { exampleEntities } from '../devPortal';
import { listenOnLoopback, sendJson } from '../servers/net';
import { DemoService, demoService } from './demoService';

export const TRACE_CREDENTIALS = {
  phoenixApiKey: 'phoenix-test-key',
  langfusePublicKey: 'pk-lf-test',
  langfuseSecretKey: 'sk-lf-test',
  langsmithApiKey: 'lsv2-test-key',
  heliconeApiKey: 'sk-helicone-test',
};

/** A trace back end the server answers for. */
export type TraceBackend = 'phoenix' | 'langfuse' | 'langsmith' | 'helicone';

/** A condition's value anywhere in a Helicone filter tree. */
const inFilter = (filter: any, pick: (f: any) => unknown): unknown =>
  filter && typeof filter === 'object'
    ? pick(filter) ??
      inFilter(filter.left, pick) ??
      inFilter(filter.right, pick)
    : undefined;

/** A day of traces filed under a project, and its evaluation scores. */
export type RecordedTraces = {
  traces: number;
  errorTraces: number;
  costUsd?: number;
  scores?: { name: string; mean: number; count: number }[];
  /** Online evaluation scores per hour, by evaluation name. */
  hourly?: Record<string, { hour: Date; mean: number; count: number }[]>;
};

/** The recorded hours of one evaluation between `from` and `to`. */
const hoursOf = (p: RecordedTraces, name: string, from: Date, to: Date) =>
  (p.hourly?.[name] ?? []).filter(h => h.hour >= from && h.hour < to);

/**
 * Starts the server. `record(backend, project, traces)` files a day of
 * traces under a project.
 */
export async function startFakeTraceBackends() {
  type Project = RecordedTraces & { id: string };
  const projects: Record<TraceBackend, Map<string, Project>> = {
    phoenix: new Map(),
    langfuse: new Map(),
    langsmith: new Map(),
    helicone: new Map(),
  };
  const c = TRACE_CREDENTIALS;
  /** What the server answers: JSON, or (Phoenix's 401) plain text. */
  type Reply = { status: number; json?: unknown; text?: string };
  const send = (status: number, json: unknown): Reply => ({ status, json });
  const answer = (req: IncomingMessage, body: string): Reply => {
    const url = new URL(req.url ?? '/', 'http://traces');
    const auth = req.headers.authorization;
    if (url.pathname === '/graphql' && req.method === 'POST') {
      if (auth !== `Bearer ${c.phoenixApiKey}`) {
        // Phoenix answers authentication errors in plain text.
        return { status: 401, text: 'Invalid token' };
      }
      const { query, variables } = JSON.parse(body);
      const p = projects.phoenix.get(variables.name);
      if (!p) return send(200, { data: { project: null } });
      if (query.includes('ScoreSeries')) {
        const { start, end } = variables.timeRange;
        return send(200, {
          data: {
            project: {
              series: {
                data: hoursOf(
                  p,
                  variables.annotation,
                  new Date(start),
                  new Date(end),
                ).map(h => ({
                  timestamp: h.hour.toISOString().replace('Z', '+00:00'),
                  annotationSummaries: [
                    {
                      name: variables.annotation,
                      meanScore: h.mean,
                      scoreCount: h.count,
                    },
                  ],
                })),
              },
            },
          },
        });
      }
      if (query.includes('TraceEvidence')) {
        return send(200, {
          data: {
            project: {
              traces: p.traces,
              errorTraces: p.errorTraces,
              costSummary: {
                prompt: { tokens: null, cost: null },
                completion: { tokens: null, cost: null },
                total: { tokens: p.traces * 900, cost: p.costUsd ?? null },
              },
              spanAnnotationNames: (p.scores ?? []).map(s => s.name),
            },
          },
        });
      }
      const summaries: Record<string, object> = {};
      for (const [key, name] of Object.entries<string>(variables)) {
        const s = (p.scores ?? []).find(x => x.name === name);
        if (/^n\d+$/.test(key) && s) {
          summaries[`s${key.slice(1)}`] = {
            name,
            meanScore: s.mean,
            scoreCount: s.count,
          };
        }
      }
      return send(200, { data: { project: summaries } });
    }
    if (url.pathname === '/api/public/v2/metrics' && req.method === 'GET') {
      const basic = `Basic ${Buffer.from(
        `${c.langfusePublicKey}:${c.langfuseSecretKey}`,
      ).toString('base64')}`;
      if (auth !== basic) {
        return send(401, {
          message:
            'Invalid credentials. Confirm that you have used the correct host.',
        });
      }
      const query: {
        view: string;
        filters: { column: string; key?: string; value: any }[];
        fromTimestamp: string;
        toTimestamp: string;
      } = JSON.parse(url.searchParams.get('query') ?? '{}');
      if (query.view === 'scores-numeric') {
        // Scores by the trace tag service:<name>, per hour of the window,
        // the empty hours filled with zeros as Langfuse's WITH FILL does.
        const tag = query.filters.find(f => f.column === 'tags')?.value?.[0];
        const name = query.filters.find(f => f.column === 'name')?.value;
        const p = projects.langfuse.get(
          String(tag ?? '').replace(/^service:/, ''),
        );
        const from = new Date(query.fromTimestamp);
        const to = new Date(query.toTimestamp);
        const recorded = p ? hoursOf(p, name, from, to) : [];
        const rows = [];
        for (
          let hour = Math.floor(from.getTime() / 3_600_000) * 3_600_000;
          hour < to.getTime();
          hour += 3_600_000
        ) {
          const h = recorded.find(r => r.hour.getTime() === hour);
          rows.push({
            time_dimension: new Date(hour).toISOString().replace('.000Z', 'Z'),
            avg_value: h?.mean ?? 0,
            count_count: String(h?.count ?? 0),
          });
        }
        return send(200, { data: rows });
      }
      const service = query.filters.find(
        f => f.key === 'resourceAttributes.service.name',
      )?.value;
      const failed = query.filters.some(
        f => f.column === 'level' && f.value === 'ERROR',
      );
      const p = projects.langfuse.get(service ?? '');
      if (!p) return send(200, { data: [] });
      return send(200, {
        data: [
          failed
            ? { uniq_traceId: String(p.errorTraces) }
            : {
                uniq_traceId: String(p.traces),
                sum_totalCost: p.costUsd ?? 0,
              },
        ],
      });
    }
    if (url.pathname.startsWith('/api/v1/')) {
      if (req.headers['x-api-key'] !== c.langsmithApiKey) {
        return send(401, { detail: 'Invalid token' });
      }
      if (url.pathname === '/api/v1/sessions' && req.method === 'GET') {
        const name = url.searchParams.get('name');
        const p = projects.langsmith.get(name ?? '');
        return send(
          200,
          p
            ? [
                {
                  id: p.id,
                  name,
                  tenant_id: '00000000-0000-4000-8000-000000000000',
                  start_time: '2026-11-01T00:00:00.000000',
                  run_count: p.traces,
                },
              ]
            : [],
        );
      }
      if (url.pathname === '/api/v1/feedback' && req.method === 'GET') {
        const q = url.searchParams;
        const p = [...projects.langsmith.values()].find(
          x => x.id === q.get('session'),
        );
        if (!p) return send(200, []);
        // Each hour's scores, written during that hour, as LangSmith writes
        // times: without a zone.
        const all = hoursOf(
          p,
          q.get('key') ?? '',
          new Date(q.get('min_created_at') ?? 0),
          new Date(q.get('max_created_at') ?? Date.now()),
        ).flatMap(h =>
          Array.from({ length: h.count }, (_, i) => ({
            id: `fb-${h.hour.getTime()}-${i}`,
            key: q.get('key'),
            score: h.mean,
            created_at: new Date(h.hour.getTime() + (i % 3600) * 1000)
              .toISOString()
              .replace('Z', ''),
            session_id: p.id,
          })),
        );
        const offset = Number(q.get('offset') ?? 0);
        const limit = Number(q.get('limit') ?? 100);
        return send(200, all.slice(offset, offset + limit));
      }
      if (url.pathname === '/api/v1/runs/stats' && req.method === 'POST') {
        const { session } = JSON.parse(body);
        const p = [...projects.langsmith.values()].find(
          x => x.id === session?.[0],
        );
        if (!p) return send(404, { detail: 'Session not found' });
        return send(200, {
          run_count: p.traces,
          error_rate: p.traces ? p.errorTraces / p.traces : 0,
          total_cost: p.costUsd === undefined ? null : String(p.costUsd),
          feedback_stats: Object.fromEntries(
            (p.scores ?? []).map(s => [s.name, { n: s.count, avg: s.mean }]),
          ),
        });
      }
    }
    if (
      ['/v1/request/count/query', '/v1/metrics/totalCost'].includes(
        url.pathname,
      ) &&
      req.method === 'POST'
    ) {
      if (auth !== `Bearer ${c.heliconeApiKey}`) {
        return send(401, { data: null, error: 'Unauthorized' });
      }
      const { filter } = JSON.parse(body);
      const service = inFilter(
        filter,
        f => f.request_response_rmt?.properties?.service?.equals,
      );
      const p = projects.helicone.get(String(service));
      if (url.pathname === '/v1/metrics/totalCost') {
        return send(200, { data: p?.costUsd ?? 0, error: null });
      }
      const failed = inFilter(filter, f => f.request_response_rmt?.status);
      let count = 0;
      if (p) count = failed ? p.errorTraces : p.traces;
      return send(200, { data: count, error: null });
    }
    return send(404, {
      message: `${req.method} ${url.pathname} is not served here`,
    });
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      const reply = answer(req, body);
      if (reply.text === undefined) sendJson(res, reply.status, reply.json);
      else {
        res
          .writeHead(reply.status, { 'content-type': 'text/plain' })
          .end(reply.text);
      }
    });
  });
  const url = await listenOnLoopback(server);
  let sessions = 0;
  return {
    url,
    /** The aiScorecard.tracing configuration that reads this server. */
    config: {
      phoenix: { baseUrl: url, apiKey: c.phoenixApiKey },
      langfuse: {
        baseUrl: url,
        publicKey: c.langfusePublicKey,
        secretKey: c.langfuseSecretKey,
      },
      langsmith: { baseUrl: url, apiKey: c.langsmithApiKey },
      helicone: { baseUrl: url, apiKey: c.heliconeApiKey },
    },
    record(backend: TraceBackend, project: string, traces: RecordedTraces) {
      sessions += 1;
      projects[backend].set(project, {
        ...traces,
        id: `00000000-0000-4000-8000-${String(sessions).padStart(12, '0')}`,
      });
    },
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

/**
 * The project a workload's traces land under, per back end. Helicone's is
 * never in the manifests: a service tags its model calls in its own code
 * (Helicone-Property-Service), and no golden path's workload exports to it.
 */
export type TracedProjects = {
  phoenix: string;
  langsmith?: string;
  langfuse: string;
  helicone?: undefined;
};

/**
 * Where a workload's containers send their traces, read from the manifests
 * as the exporters read their environment: the Phoenix project
 * (openinference.project.name), the LangSmith project (the Langsmith-Project
 * header) and the OpenTelemetry service.name (Langfuse).
 */
export function tracedProjects(manifests: unknown[]): TracedProjects[] {
  const found: TracedProjects[] = [];
  const walk = (node: any): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node.env)) {
      const env: Record<string, string | undefined> = Object.fromEntries(
        node.env.map((e: { name: string; value?: string }) => [
          e.name,
          e.value,
        ]),
      );
      if (env.OTEL_SERVICE_NAME) {
        const attributes = Object.fromEntries(
          (env.OTEL_RESOURCE_ATTRIBUTES ?? '')
            .split(',')
            .filter(Boolean)
            .map(kv => kv.split('=')),
        );
        const headers = Object.fromEntries(
          (
            env.OTEL_EXPORTER_OTLP_TRACES_HEADERS ??
            env.OTEL_EXPORTER_OTLP_HEADERS ??
            ''
          )
            .split(',')
            .filter(Boolean)
            .map(kv => kv.split('=')),
        );
        found.push({
          phoenix: attributes['openinference.project.name'] ?? 'default',
          langsmith: headers['Langsmith-Project'],
          langfuse: attributes['service.name'] ?? env.OTEL_SERVICE_NAME,
        });
      }
    }
    Object.values(node).forEach(walk);
  };
  manifests.forEach(walk);
  return found;
}

/**
 * Hourly online faithfulness scores around `now`, from eight days before to
 * two days after, so that a week's window read any time in the next two
 * days is full: 0.845 to 0.935, with a dip to 0.705 for six hours two
 * days before `now` (a bad index refresh). No value is a round threshold
 * (0.7, 0.8, 0.85, 0.9), which an average of equal scores can miss by a
 * rounding error.
 */
export function hourlyFaithfulness(now: Date) {
  const current = Math.floor(now.getTime() / 3_600_000);
  return Array.from({ length: 10 * 24 }, (_, i) => {
    const hour = current - 8 * 24 + i;
    const dip = hour >= current - 48 && hour < current - 42;
    return {
      hour: new Date(hour * 3_600_000),
      mean: dip ? 0.705 : 0.845 + ((hour * 7) % 10) / 100,
      count: 20 + (hour % 7),
    };
  });
}

/**
 * The demo's trace back ends: a day of traces for the example services that
 * trace to Phoenix, Langfuse or Helicone, except the LLM gateway, whose traces do not
 * arrive (its service-tracing rule fails and says so). Labelled as demo data.
 */
export async function startDemoTraces(): Promise<DemoService> {
  const backends = await startFakeTraceBackends();
  const services = exampleEntities(['services']).filter(
    e => e?.kind === 'Component',
  );
  for (const service of services) {
    const annotations = service.metadata.annotations ?? {};
    const backend = annotations['ai-refarch.io/tracing'] as TraceBackend;
    if (
      !(backend in backends.config) ||
      service.metadata.name === 'llm-gateway'
    ) {
      continue;
    }
    backends.record(
      backend,
      annotations['ai-refarch.io/tracing-project'] ?? service.metadata.name,
      {
        traces: 12_480,
        errorTraces: 37,
        costUsd: 18.64,
        scores: [{ name: 'hallucination', mean: 0.031, count: 640 }],
        hourly: { faithfulness: hourlyFaithfulness(new Date()) },
      },
    );
  }
  return demoService('demo-traces', backends, {
    aiScorecard: {
      tracing: Object.fromEntries(
        Object.entries(backends.config).map(([id, c]) => [
          id,
          { ...c, demo: true },
        ]),
      ),
    },
  });
}
