import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'yaml';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { aiScorecardPlugin } from './plugin';

// The dev portal's example catalog.
const ROOT = join(__dirname, '../../..');
const exampleCatalog: Entity[] = [
  'org',
  'systems',
  'models',
  'services',
].flatMap(file =>
  yaml
    .parseAllDocuments(
      readFileSync(join(ROOT, 'catalog-info', `${file}.yaml`), 'utf8'),
    )
    .map(d => ({
      ...d.toJS(),
      metadata: { namespace: 'default', ...d.toJS().metadata },
    })),
);

describe('ai-scorecard back end', () => {
  jest.setTimeout(60_000);
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let base: string;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        aiScorecardPlugin,
        catalogServiceMock.factory({ entities: exampleCatalog }),
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
    expect(refreshed.body.scorecard).toMatchObject({
      entityRef: 'aimodel:default/llama-3-1-8b-instruct',
      grade: expect.stringMatching(/^[A-F]$/),
    });
    const stored = await call(
      '/scorecards/aimodel/default/llama-3-1-8b-instruct',
    );
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      ruleSetVersion: '2026.11.0',
      scorecard: refreshed.body.scorecard,
    });
    const runtime = stored.body.scorecard.results.find(
      (r: any) => r.ruleId === 'serving-runtime.declared',
    );
    expect(runtime.evidence[0]).toMatchObject({
      fact: 'catalog.entity',
      actual: 'vllm',
      source: 'catalog:aimodel:default/llama-3-1-8b-instruct',
    });
    const history = await call(
      '/scorecards/aimodel/default/llama-3-1-8b-instruct/history',
    );
    expect(history.body.history).toEqual([
      {
        day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        score: refreshed.body.scorecard.score,
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

  it('refuses requests with bad credentials', async () => {
    const res = await fetch(`${base}/overview`, {
      headers: { authorization: mockCredentials.user.invalidHeader() },
    });
    expect(res.status).toBe(401);
  });
});
