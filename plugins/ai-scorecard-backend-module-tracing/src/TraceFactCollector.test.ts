import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Facts, scoreEntity } from '@ai-refarch/plugin-ai-scorecard-common';
import { loadRuleSet } from '@ai-refarch/plugin-ai-scorecard-node';
import {
  readTraceBackends,
  TraceBackend,
  TraceSummary,
} from '@ai-refarch/plugin-ai-scorecard-node';
import { TraceFactCollector } from './TraceFactCollector';

const { rules } = loadRuleSet(new ConfigReader({}));
const now = new Date('2026-12-06T12:00:00Z');

/** The collector reads summaries only. */
const notAsked = async (): Promise<never> => {
  throw new Error('the trace collector does not read hourly scores');
};

/** A back end whose answers the test gives (the clients are tested against loopback servers in backends.test.ts). */
function backend(
  id: TraceBackend['id'],
  projects: Record<string, TraceSummary | Error>,
): TraceBackend & { asked: string[] } {
  const asked: string[] = [];
  return {
    id,
    title: id,
    asked,
    hourlyScores: notAsked,
    async summary(project, window) {
      expect(window).toEqual({
        from: new Date('2026-12-05T12:00:00Z'),
        to: now,
      });
      asked.push(project);
      const answer = projects[project];
      if (answer instanceof Error) throw answer;
      return (
        answer ?? {
          found: false,
          traces: 0,
          errorTraces: 0,
          costUsd: null,
          scores: [],
        }
      );
    },
  };
}

const arrived = (traces: number, errorTraces: number): TraceSummary => ({
  found: true,
  traces,
  errorTraces,
  costUsd: 2.5,
  scores: [{ name: 'hallucination', mean: 0.03, count: 120 }],
});

const service = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'ai-refarch.io/serves-models': 'llama', ...annotations },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:ml' },
});

const model = (dependents: string[]): Entity => ({
  apiVersion: 'ai-refarch.io/v1alpha1',
  kind: 'AIModel',
  metadata: { name: 'llama', namespace: 'default' },
  spec: { type: 'llm', lifecycle: 'production', provider: 'self-hosted' },
  // A service that serves the model, and those that call it.
  relations: dependents.map((targetRef, i) => ({
    type: i === 0 ? 'servedBy' : 'dependencyOf',
    targetRef,
  })),
});

async function graded(
  collector: TraceFactCollector,
  entities: Entity[],
  ruleId: string,
) {
  const facts = await collector.collect(entities, {
    credentials: mockCredentials.service(),
  });
  return entities.map(entity => {
    const own: Facts = facts.get(stringifyEntityRef(entity)) ?? {};
    const card = scoreEntity(stringifyEntityRef(entity), entity, rules, {
      ...own,
      'catalog.entity': { value: entity, source: 'catalog', observedAt: '' },
    });
    return {
      fact: own['tracing.traces'],
      status: card.results.find(r => r.ruleId === ruleId)?.status,
    };
  });
}

describe('TraceFactCollector', () => {
  const phoenix = backend('phoenix', {
    'vllm-chat': arrived(1200, 18),
    'chat-project': arrived(10, 0),
    broken: new Error('Phoenix answered 401: Invalid token'),
  });
  const collector = new TraceFactCollector({
    backends: [phoenix],
    now: () => now,
  });

  it('passes a service whose traces arrived over the last day, with failed share, cost and scores', async () => {
    const [chat] = await graded(
      collector,
      [service('vllm-chat', { 'ai-refarch.io/tracing': 'phoenix' })],
      'llm-observability.service-tracing',
    );
    expect(chat.status).toBe('pass');
    expect(chat.fact).toMatchObject({
      value: {
        backend: 'phoenix',
        project: 'vllm-chat',
        traces: 1200,
        errorTraces: 18,
        errorShare: 0.015,
        costUsd: 2.5,
        scores: [{ name: 'hallucination', mean: 0.03, count: 120 }],
        from: '2026-12-05T12:00:00.000Z',
        to: '2026-12-06T12:00:00.000Z',
      },
      source: 'tracing:phoenix/vllm-chat',
    });
  });

  it('fails a service whose traces did not arrive, or that declares no tracing', async () => {
    const results = await graded(
      collector,
      [
        service('silent', { 'ai-refarch.io/tracing': 'phoenix' }),
        service('untraced', { 'ai-refarch.io/tracing': 'none' }),
        service('undeclared', {}),
      ],
      'llm-observability.service-tracing',
    );
    expect(results.map(r => r.status)).toEqual(['fail', 'fail', 'fail']);
    expect(results[0].fact).toMatchObject({
      value: { found: false, traces: 0 },
    });
    expect(results[1].fact).toMatchObject({
      value: {
        backend: null,
        traces: 0,
        why: 'ai-refarch.io/tracing is "none"',
      },
    });
  });

  it('labels the evidence of a demo back end as demo data', async () => {
    const demo = new TraceFactCollector({
      backends: [
        { ...backend('phoenix', { chat: arrived(5, 0) }), demo: true },
      ],
      now: () => now,
    });
    const [chat] = await graded(
      demo,
      [service('chat', { 'ai-refarch.io/tracing': 'phoenix' })],
      'llm-observability.service-tracing',
    );
    expect(chat.fact?.source).toBe('tracing:phoenix/chat (demo data)');
  });

  it('reuses a project’s answer for an hour, and asks again after a failure', async () => {
    let clock = now.getTime();
    let fail = true;
    const asked: string[] = [];
    const flaky: TraceBackend = {
      id: 'phoenix',
      title: 'Phoenix',
      hourlyScores: notAsked,
      async summary(project) {
        asked.push(project);
        if (fail) throw new Error('Phoenix answered 503: busy');
        return arrived(10, 1);
      },
    };
    const cached = new TraceFactCollector({
      backends: [flaky],
      now: () => new Date(clock),
    });
    const chat = service('chat', { 'ai-refarch.io/tracing': 'phoenix' });
    const run = async () =>
      (await cached.collect([chat])).get('component:default/chat')![
        'tracing.traces'
      ];
    expect(await run()).toMatchObject({
      unknown: 'Phoenix answered 503: busy',
    });
    fail = false;
    clock += 60_000;
    const first = await run();
    expect(first).toMatchObject({ value: { traces: 10 } });
    // Half an hour later: the same answer, as of when it was read.
    clock += 30 * 60_000;
    expect(await run()).toEqual(first);
    expect(asked).toHaveLength(2);
    // After the hour: read again.
    clock += 31 * 60_000;
    await run();
    expect(asked).toHaveLength(3);
  });

  it('grades a service that calls a model (a RAG service) on its own traces', async () => {
    const caller = (name: string, tracing?: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        annotations: tracing ? { 'ai-refarch.io/tracing': tracing } : {},
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:ml',
        dependsOn: ['aimodel:default/bge-m3'],
      },
      relations: [{ type: 'dependsOn', targetRef: 'aimodel:default/bge-m3' }],
    });
    const results = await graded(
      collector,
      [caller('vllm-chat', 'phoenix'), caller('rag-api')],
      'llm-observability.caller-tracing',
    );
    expect(results.map(r => r.status)).toEqual(['pass', 'fail']);
  });

  it('reads the project the annotation names', async () => {
    const [named] = await graded(
      collector,
      [
        service('chat', {
          'ai-refarch.io/tracing': 'phoenix',
          'ai-refarch.io/tracing-project': 'chat-project',
        }),
      ],
      'llm-observability.service-tracing',
    );
    expect(named.status).toBe('pass');
    expect(phoenix.asked).toContain('chat-project');
  });

  it('leaves the rule unknown, with the reason, when the traces cannot be read', async () => {
    const results = await graded(
      collector,
      [
        service('broken', { 'ai-refarch.io/tracing': 'phoenix' }),
        service('a', { 'ai-refarch.io/tracing': 'langsmith' }),
        service('b', { 'ai-refarch.io/tracing': 'opentelemetry' }),
        service('c', {
          'ai-refarch.io/tracing': 'phoenix',
          'ai-refarch.io/tracing-project': 'a/../../admin',
        }),
      ],
      'llm-observability.service-tracing',
    );
    expect(results.map(r => r.status)).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
    expect(results.map(r => (r.fact as { unknown: string }).unknown)).toEqual([
      'Phoenix answered 401: Invalid token',
      'aiScorecard.tracing.langsmith is not configured, so the traces in langsmith cannot be read',
      'ai-refarch.io/tracing is "opentelemetry": the scorecard reads traces from langfuse, phoenix, langsmith or helicone; record the back end that stores them',
      'ai-refarch.io/tracing-project "a/../../admin" is not a project name: 1 to 200 characters without control characters, "/", "?" or "#"',
    ]);
  });

  describe('a model', () => {
    const traced = service('vllm-chat', { 'ai-refarch.io/tracing': 'phoenix' });
    const untraced = service('untraced', { 'ai-refarch.io/tracing': 'none' });

    it('passes when the services that depend on it send traces, adding them up', async () => {
      const [m] = await graded(
        collector,
        [
          model(['component:default/vllm-chat', 'component:default/untraced']),
          traced,
          untraced,
        ],
        'llm-observability.tracing',
      );
      expect(m.status).toBe('pass');
      expect(m.fact).toMatchObject({
        value: {
          traces: 1200,
          errorTraces: 18,
          errorShare: 0.015,
          // by entity ref
          services: [
            {
              ref: 'component:default/untraced',
              traces: null,
              why: 'the service declares no tracing',
            },
            {
              ref: 'component:default/vllm-chat',
              backend: 'phoenix',
              traces: 1200,
            },
          ],
        },
      });
    });

    it('reads dependents that are not in the batch from the catalog', async () => {
      const catalog = catalogServiceMock({ entities: [traced] });
      const [m] = await graded(
        new TraceFactCollector({
          backends: [phoenix],
          catalog,
          now: () => now,
        }),
        [model(['component:default/vllm-chat'])],
        'llm-observability.tracing',
      );
      expect(m.status).toBe('pass');
    });

    it('fails when none of its services traces, and is unknown without services or evidence', async () => {
      const [none] = await graded(
        collector,
        [model(['component:default/untraced']), untraced],
        'llm-observability.tracing',
      );
      expect(none.status).toBe('fail');
      const [alone] = await graded(
        collector,
        [model([])],
        'llm-observability.tracing',
      );
      expect(alone.status).toBe('unknown');
      expect(alone.fact).toMatchObject({
        unknown: expect.stringContaining(
          'no service in the catalog serves this model',
        ),
      });
      const [unread] = await graded(
        collector,
        [
          model(['component:default/broken']),
          service('broken', { 'ai-refarch.io/tracing': 'phoenix' }),
        ],
        'llm-observability.tracing',
      );
      expect(unread.fact).toEqual({
        unknown:
          'component:default/broken: Phoenix answered 401: Invalid token',
        source: 'tracing',
        observedAt: now.toISOString(),
      });
    });
  });
});

describe('readTraceBackends', () => {
  it('reads each configured back end, and names a bad URL by its key', () => {
    expect(readTraceBackends(new ConfigReader({}))).toEqual([]);
    expect(
      readTraceBackends(
        new ConfigReader({
          aiScorecard: {
            tracing: {
              timeout: { seconds: 3 },
              phoenix: { baseUrl: 'http://phoenix:6006', demo: true },
              langfuse: {
                baseUrl: 'https://lf',
                publicKey: 'pk',
                secretKey: 'sk',
              },
              langsmith: { apiKey: 'k' },
              helicone: { apiKey: 'sk-helicone', property: 'app' },
            },
          },
        }),
      ).map(b => [
        b.id,
        b.demo,
        (b as any).options.timeoutMs,
        (b as any).options.baseUrl,
      ]),
    ).toEqual([
      ['phoenix', true, 3000, 'http://phoenix:6006'],
      ['langfuse', false, 3000, 'https://lf'],
      ['langsmith', false, 3000, 'https://api.smith.langchain.com'],
      ['helicone', false, 3000, 'https://api.helicone.ai'],
    ]);
    expect(() =>
      readTraceBackends(
        new ConfigReader({
          aiScorecard: { tracing: { helicone: { baseUrl: 'https://h' } } },
        }),
      ),
    ).toThrow(
      "Missing required config value at 'aiScorecard.tracing.helicone.apiKey'",
    );
    expect(() =>
      readTraceBackends(
        new ConfigReader({
          aiScorecard: { tracing: { phoenix: { baseUrl: 'phoenix:6006' } } },
        }),
      ),
    ).toThrow('aiScorecard.tracing.phoenix.baseUrl: must be an http(s) URL');
    expect(() =>
      readTraceBackends(
        new ConfigReader({
          aiScorecard: { tracing: { langfuse: { baseUrl: 'https://lf' } } },
        }),
      ),
    ).toThrow(
      "Missing required config value at 'aiScorecard.tracing.langfuse.publicKey'",
    );
  });
});
