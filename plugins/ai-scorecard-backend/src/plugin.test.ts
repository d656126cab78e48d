import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { aiScorecardPlugin } from './plugin';
import { servedExampleCatalog } from '@internal/test-kit';

const exampleCatalog = servedExampleCatalog();

describe('ai-scorecard back end', () => {
  jest.setTimeout(60_000);
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let base: string;
  const auditor = mockServices.auditor.mock();
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(auditEvent);

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        aiScorecardPlugin,
        catalogServiceMock.factory({ entities: exampleCatalog }),
        auditor.factory,
      ],
    });
    base = `http://localhost:${backend.server.port()}/api/ai-scorecard`;
  });
  afterAll(() => backend?.stop());

  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: {
        authorization: mockCredentials.user.header(),
        ...init.headers,
      },
    });
    return { status: res.status, body: await res.json() };
  };

  it('grades an entity on demand, stores it, and serves it without recomputing', async () => {
    const refreshed = await call(
      '/scorecards/aimodel/default/llama-3-1-8b-instruct/refresh',
      { method: 'POST' },
    );
    expect(refreshed.status).toBe(200);
    // Its registry (MLflow) and signature bundle are not reachable in this
    // test: too little is decided for a letter, and the reasons say so.
    expect(refreshed.body.scorecard).toMatchObject({
      entityRef: 'aimodel:default/llama-3-1-8b-instruct',
      grade: 'Incomplete',
    });
    expect(refreshed.body.scorecard.facts['registry.mlflow'].reason).toMatch(
      /^no MLflow registry is configured/,
    );
    // Regrading rewrites what is stored: audited like the waivers.
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'scorecard-refresh',
        meta: { entityRef: 'aimodel:default/llama-3-1-8b-instruct' },
      }),
    );
    const stored = await call(
      '/scorecards/aimodel/default/llama-3-1-8b-instruct',
    );
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      ruleSetVersion: '2026.12.9',
      scorecard: refreshed.body.scorecard,
    });
    const runtime = stored.body.scorecard.results.find(
      (r: any) => r.ruleId === 'serving-runtime.declared',
    );
    expect(runtime.evidence[0]).toMatchObject({
      fact: 'catalog.entity',
      actual: 'vllm',
    });
    expect(stored.body.scorecard.facts['catalog.entity'].source).toBe(
      'catalog:aimodel:default/llama-3-1-8b-instruct',
    );
    const history = await call(
      '/scorecards/aimodel/default/llama-3-1-8b-instruct/history',
    );
    expect(history.body.history).toEqual([
      {
        day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        score: refreshed.body.scorecard.score,
        coverage: refreshed.body.scorecard.coverage,
        grade: refreshed.body.scorecard.grade,
      },
    ]);
  });

  it('lists graded entities in the overview, filtered and paginated', async () => {
    for (const name of [
      'gpt-4o',
      'claude-sonnet-4',
      'clinical-notes-summarizer',
    ]) {
      expect(
        (
          await call(`/scorecards/aimodel/default/${name}/refresh`, {
            method: 'POST',
          })
        ).status,
      ).toBe(200);
    }
    const all = await call(
      '/overview?kind=AIModel&pageSize=2&sort=score&order=desc',
    );
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(4);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.items[0].score).toBeGreaterThanOrEqual(
      all.body.items[1].score,
    );
    expect(Object.keys(all.body.items[0].chapters)).toHaveLength(8);
    const page2 = await call(
      '/overview?kind=AIModel&pageSize=2&page=2&sort=score&order=desc',
    );
    expect(page2.body.items.map((i: any) => i.entityRef)).not.toContain(
      all.body.items[0].entityRef,
    );
    const grade = all.body.items[0].grade;
    const byGrade = await call(`/overview?grade=${grade}`);
    expect(byGrade.body.items.every((i: any) => i.grade === grade)).toBe(true);
    const phi = await call('/overview?chapter=security-compliance&grade=F');
    expect(phi.status).toBe(200);
    const distribution = await call('/distribution?kind=AIModel');
    expect(distribution.status).toBe(200);
    const overall = Object.values(
      distribution.body.overall as Record<string, number>,
    );
    expect(overall.reduce((a, b) => a + b, 0)).toBe(4);
    expect(Object.keys(distribution.body)).toHaveLength(9);
    expect((await call('/distribution?grade=A')).status).toBe(400);
  });

  it('keeps a service whose cluster and Prometheus evidence is unknown Incomplete, with its coverage, apart from A–F', async () => {
    // No repository, cluster or Prometheus collector can read vllm-chat
    // here: most of its applicable weight is unknown.
    const graded = await call(
      '/scorecards/component/default/vllm-chat/refresh',
      {
        method: 'POST',
      },
    );
    expect(graded.status).toBe(200);
    const card = graded.body.scorecard;
    expect(card).toMatchObject({ grade: 'Incomplete', coverageThreshold: 75 });
    expect(card.coverage).toBeLessThan(75);
    expect(card.score).toBeGreaterThanOrEqual(0);
    // Each unknown says what would make it known.
    const unknown = card.results.filter((r: any) => r.status === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    for (const r of unknown) {
      for (const e of r.evidence.filter((x: any) => x.outcome === 'unknown')) {
        expect(card.facts[e.fact].reason).toMatch(
          /annotation|aiScorecard|kubernetes|aiOps|module/,
        );
      }
    }
    const stored = await call('/scorecards/component/default/vllm-chat');
    expect(stored.body.scorecard).toMatchObject({
      grade: 'Incomplete',
      coverage: card.coverage,
    });
    const incomplete = await call('/overview?kind=Component&grade=Incomplete');
    expect(incomplete.status).toBe(200);
    expect(incomplete.body.items).toContainEqual(
      expect.objectContaining({
        entityRef: 'component:default/vllm-chat',
        grade: 'Incomplete',
        coverage: card.coverage,
      }),
    );
    const distribution = await call('/distribution?kind=Component');
    expect(distribution.body.overall.Incomplete).toBeGreaterThanOrEqual(1);
    expect(distribution.body.overall.A ?? 0).toBe(0);
    const history = await call(
      '/scorecards/component/default/vllm-chat/history',
    );
    expect(history.body.history.at(-1)).toMatchObject({
      grade: 'Incomplete',
      coverage: card.coverage,
    });
  });

  it.each([
    ['/overview?pageSize=1000', 'query pageSize: must be 200 or less'],
    ['/overview?grade=E', /^query grade: /],
    ['/overview?chapter=vibes', /^query chapter: /],
    ['/overview?colour=red', 'unknown query parameter colour'],
    [
      '/scorecards/aimodel/default/llama-3-1-8b-instruct/history?days=0',
      /^query days: /,
    ],
    ['/scorecards/ai%20model/default/x', /^path kind: must be an entity kind/],
  ])('refuses %s with a 400 naming the field', async (path, message) => {
    const { status, body } = await call(path);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(message);
  });

  it('says when an entity is not graded yet or not in the catalog', async () => {
    const notYet = await call('/scorecards/component/default/chat-gateway');
    expect(notYet.status).toBe(404);
    expect(notYet.body.error.message).toMatch(/has not been graded yet/);
    const missing = await call('/scorecards/component/default/nope/refresh', {
      method: 'POST',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'component:default/nope is not in the catalog',
    );
  });

  const json = (body: unknown): RequestInit => ({
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  const inDays = (days: number) =>
    new Date(Date.now() + days * 86_400_000).toISOString();

  it('creates a waiver that turns a failing rule into waived, audits it, and removes it again', async () => {
    await call('/scorecards/aimodel/default/whisper-large-v3/refresh', {
      method: 'POST',
    });
    const before = await call('/scorecards/aimodel/default/whisper-large-v3');
    const rule = before.body.scorecard.results.find(
      (r: any) => r.status === 'fail',
    );
    expect(rule).toBeDefined();
    const created = await call('/waivers', {
      method: 'POST',
      ...json({
        entityRef: 'aimodel:default/whisper-large-v3',
        ruleId: rule.ruleId,
        reason: 'Vendor contract under review, see LEGAL-42',
        expiresAt: inDays(30),
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body.waiver).toMatchObject({
      entityRef: 'aimodel:default/whisper-large-v3',
      ruleId: rule.ruleId,
      author: 'user:default/mock',
    });
    const waived = created.body.scorecard.results.find(
      (r: any) => r.ruleId === rule.ruleId,
    );
    expect(waived.status).toBe('waived');
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'waiver-create',
        severityLevel: 'medium',
        meta: expect.objectContaining({ ruleId: rule.ruleId }),
      }),
    );
    expect(auditEvent.success).toHaveBeenCalled();
    const listed = await call(
      '/waivers?entityRef=aimodel:default/whisper-large-v3',
    );
    expect(listed.body.items).toHaveLength(1);

    const removed = await call(`/waivers/${created.body.waiver.id}`, {
      method: 'DELETE',
    });
    expect(removed.status).toBe(200);
    expect(
      removed.body.scorecard.results.find((r: any) => r.ruleId === rule.ruleId)
        .status,
    ).toBe('fail');
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'waiver-delete' }),
    );
  });

  it.each([
    [{ reason: 'too short' }, /^body reason: must say why/],
    [{ ruleId: 'no.such-rule' }, 'body ruleId: there is no rule no.such-rule'],
    [
      { expiresAt: 'next week' },
      /^body expiresAt: must be an ISO 8601 date and time/,
    ],
    [
      { expiresAt: '2020-01-01T00:00:00Z' },
      'body expiresAt: must be in the future',
    ],
    [{ expiresAt: 'FAR' }, 'body expiresAt: a waiver lasts at most 366 days'],
    [
      { entityRef: 'aimodel:default/gpt-4o', colour: 'red' },
      /unknown body parameter colour/,
    ],
  ])('refuses a bad waiver %j, naming the field', async (patch, message) => {
    const body = {
      entityRef: 'aimodel:default/gpt-4o',
      ruleId: 'security-compliance.license',
      reason: 'A good reason with a ticket, LEGAL-1',
      expiresAt: inDays(10),
      ...patch,
    };
    if (body.expiresAt === 'FAR') body.expiresAt = inDays(400);
    const { status, body: res } = await call('/waivers', {
      method: 'POST',
      ...json(body),
    });
    expect(status).toBe(400);
    expect(res.error.message).toMatch(message);
  });

  it('stores no waiver for an entity that is not in the catalog (was: 404 after storing it)', async () => {
    const created = await call('/waivers', {
      method: 'POST',
      ...json({
        entityRef: 'component:default/nope',
        ruleId: 'security-compliance.license',
        reason: 'A good reason with a ticket, LEGAL-1',
        expiresAt: inDays(10),
      }),
    });
    expect(created.status).toBe(404);
    expect(created.body.error.message).toBe(
      'body entityRef: component:default/nope is not in the catalog',
    );
    const listed = await call('/waivers?entityRef=component:default/nope');
    expect(listed.body.items).toEqual([]);
  });

  it('refuses a second active waiver for the same rule and entity (was: accepted)', async () => {
    const waiver = {
      entityRef: 'aimodel:default/whisper-large-v3',
      ruleId: 'security-compliance.license',
      reason: 'A good reason with a ticket, LEGAL-1',
      expiresAt: inDays(10),
    };
    const first = await call('/waivers', { method: 'POST', ...json(waiver) });
    expect(first.status).toBe(201);
    const second = await call('/waivers', { method: 'POST', ...json(waiver) });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(
      new RegExp(
        `^body ruleId: waiver ${first.body.waiver.id} already waives security-compliance.license for aimodel:default/whisper-large-v3 until`,
      ),
    );
    const listed = await call(
      '/waivers?entityRef=aimodel:default/whisper-large-v3',
    );
    expect(listed.body.items).toHaveLength(1);
    await call(`/waivers/${first.body.waiver.id}`, { method: 'DELETE' });
  });

  it('needs the waiver permission', async () => {
    const denied = await startTestBackend({
      features: [
        aiScorecardPlugin,
        catalogServiceMock.factory({ entities: exampleCatalog }),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    try {
      const res = await fetch(
        `http://localhost:${denied.server.port()}/api/ai-scorecard/waivers`,
        {
          method: 'POST',
          headers: {
            authorization: mockCredentials.user.header(),
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            entityRef: 'aimodel:default/gpt-4o',
            ruleId: 'security-compliance.license',
            reason: 'A good reason with a ticket, LEGAL-1',
            expiresAt: inDays(10),
          }),
        },
      );
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toBe(
        'You may not create waivers of aimodel:default/gpt-4o',
      );
    } finally {
      await denied.stop();
    }
  });

  it('finds the entities that fail a rule, and counts them per rule', async () => {
    // The PCI fraud scorer is served by a Triton that keeps no audit log;
    // the PHI summariser, graded before, is behind the audited gateway.
    await call('/scorecards/aimodel/default/fraud-scorer-xgb/refresh', {
      method: 'POST',
    });
    const failing = await call(
      '/overview?failing=security-compliance.regulated-data-gateway',
    );
    expect(failing.body.items.map((i: any) => i.entityRef)).toEqual([
      'aimodel:default/fraud-scorer-xgb',
    ]);
    const counts = await call('/failing-rules?kind=AIModel');
    expect(counts.status).toBe(200);
    expect(counts.body.items).toContainEqual({
      ruleId: 'security-compliance.regulated-data-gateway',
      entities: 1,
    });
    const each = counts.body.items.map((i: any) => i.entities);
    expect(each).toEqual([...each].sort((a, b) => b - a));
    for (const { ruleId, entities } of counts.body.items.slice(0, 3)) {
      const listed = await call(`/overview?kind=AIModel&failing=${ruleId}`);
      expect(listed.body.total).toBe(entities);
    }
    expect((await call('/failing-rules?grade=A')).status).toBe(400);
  });

  it('refuses requests with bad credentials', async () => {
    const res = await fetch(`${base}/overview`, {
      headers: { authorization: mockCredentials.user.invalidHeader() },
    });
    expect(res.status).toBe(401);
  });
});
