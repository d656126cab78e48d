import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityScorecard,
  scoreEntity,
  summarize,
} from '@ai-refarch/plugin-ai-scorecard-common';
import { loadRuleSet } from '@ai-refarch/plugin-ai-scorecard-node';
import { ScorecardStore } from './ScorecardStore';
import { servedExampleCatalog } from '@internal/test-kit';

const exampleCatalog = servedExampleCatalog();

const ruleSet = loadRuleSet(new ConfigReader({}));
const now = new Date('2026-11-28T10:00:00Z');
const observedAt = now.toISOString();

/** Every gradable example entity's scorecard, with known, unknown and missing facts and a waiver. */
function exampleCards() {
  return exampleCatalog
    .filter(e => ['Component', 'AIModel', 'Resource'].includes(e.kind))
    .map((example, i) => {
      const entityRef = stringifyEntityRef(example);
      // Thresholds of the entity's own, one used and one refused, which
      // are stored whole rather than against the rule set's shape.
      const entity = {
        ...example,
        metadata: {
          ...example.metadata,
          annotations: {
            ...example.metadata.annotations,
            'threshold.ai-refarch.io/gpu-cluster-topology.spot-share':
              i % 2 ? '0.9' : '0.25',
          },
        },
      };
      const scorecard = scoreEntity(
        entityRef,
        entity,
        ruleSet.rules,
        {
          'catalog.entity': { value: entity, source: 'catalog', observedAt },
          'kubernetes.placement': {
            value: { zones: 2, spotShare: 0.3 },
            source: 'kubernetes',
            observedAt,
          },
          'repo.files':
            i % 2
              ? {
                  unknown: 'the repository answered 404',
                  source: 'repo',
                  observedAt,
                }
              : {
                  value: { runbook: true, paths: ['docs/runbook.md'] },
                  source: `url:https://git.example/${i}`,
                  observedAt,
                },
        },
        [
          {
            entityRef,
            ruleId: 'on-call-incidents.runbook',
            reason: 'runbook in the wiki until Q1',
            author: 'user:default/reviewer',
            expiresAt: '2027-01-31T00:00:00Z',
          },
        ],
        now,
      );
      return {
        meta: { entityRef, kind: entity.kind, title: entity.metadata.name },
        scorecard,
      };
    });
}

const asJson = (card: EntityScorecard) => JSON.parse(JSON.stringify(card));

// SQLite always; PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// names one (scripts/postgres.integration.ts runs this file so against
// Debian's PostgreSQL). The two take different write paths in the store.
const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())('ScorecardStore on %s', id => {
  async function setup() {
    const db = await databases.init(id);
    await db.migrate.latest({
      directory: resolvePackagePath(
        '@ai-refarch/plugin-ai-scorecard-backend',
        'migrations',
      ),
    });
    return { db, store: new ScorecardStore(db) };
  }

  it('gives back every scorecard as it was graded, storing only what the facts decided', async () => {
    const { db, store } = await setup();
    const cards = exampleCards();
    expect(
      cards.some(c => c.scorecard.results.some(r => r.status === 'waived')),
    ).toBe(true);
    expect(
      cards.some(c => c.scorecard.results.some(r => r.status === 'unknown')),
    ).toBe(true);
    await store.save(cards, ruleSet, now);

    for (const { meta, scorecard } of cards) {
      const stored = await store.get(meta.entityRef);
      expect(stored?.scorecard).toEqual(asJson(scorecard));
      expect(stored?.ruleSetVersion).toBe(ruleSet.version);
    }
    // A fresh store (another replica, or after a restart) reads the rule
    // set's shape from the database.
    const [first] = cards;
    expect(
      (await new ScorecardStore(db).get(first.meta.entityRef))?.scorecard,
    ).toEqual(asJson(first.scorecard));

    const rows = await db('ai_scorecard_details').select('scorecard');
    const stored = rows.reduce((n, r) => n + r.scorecard.length, 0);
    const whole = cards.reduce(
      (n, c) => n + JSON.stringify(c.scorecard).length,
      0,
    );
    expect(stored).toBeLessThan(whole / 3);
    // A fact no collector supplied is stored without its reason, which is
    // the same sentence every time and is given again on reading.
    const missing = rows.flatMap(r =>
      Object.entries(JSON.parse(r.scorecard).facts).filter(([, f]) => f === 0),
    );
    expect(missing.length).toBeGreaterThan(0);
  });

  it('narrows every list to the entities a caller may read', async () => {
    const { store } = await setup();
    const cards = exampleCards();
    await store.save(cards, ruleSet, now);
    const [first, second] = cards.map(c => c.meta.entityRef);
    const readable = [first, second];
    const overview = await store.overview({
      page: 1,
      pageSize: 100,
      sort: 'title',
      order: 'asc',
      readable,
    });
    expect(overview.total).toBe(2);
    expect(overview.items.map(i => i.entityRef).sort()).toEqual(
      [...readable].sort(),
    );
    const counted = (d: Record<string, number>) =>
      Object.values(d).reduce((a, n) => a + n, 0);
    expect(counted((await store.distribution({ readable })).overall)).toBe(2);
    expect(counted((await store.distribution({})).overall)).toBe(cards.length);
    expect(
      (await store.failingRules({ readable: [] })).map(r => r.entities),
    ).toEqual([]);
    const all = await store.failingRules({});
    const mine = await store.failingRules({ readable });
    expect(mine.reduce((a, r) => a + r.entities, 0)).toBeLessThan(
      all.reduce((a, r) => a + r.entities, 0),
    );
    for (const entityRef of [first, second]) {
      await store.addWaiver(
        {
          entityRef,
          ruleId: 'on-call-incidents.runbook',
          reason: 'runbook in the wiki until Q1',
          author: 'user:default/reviewer',
          expiresAt: '2027-01-31T00:00:00Z',
        },
        now,
      );
    }
    expect((await store.waivers({})).map(w => w.entityRef)).toEqual([
      first,
      second,
    ]);
    expect(
      (await store.waivers({ readable: [second] })).map(w => w.entityRef),
    ).toEqual([second]);
    expect(await store.waivers({ readable: [] })).toEqual([]);
  });

  it('keeps one shape per rule set, so a changed rule set leaves earlier scorecards readable', async () => {
    const { db, store } = await setup();
    const [card] = exampleCards();
    await store.save([card], ruleSet, now);
    const stricter = loadRuleSet(
      new ConfigReader({
        aiScorecard: {
          rules: {
            overrides: { 'on-call-incidents.runbook': { weight: 5 } },
          },
        },
      }),
    );
    const other = {
      ...card,
      meta: { ...card.meta, entityRef: 'component:default/other' },
    };
    const regraded = scoreEntity(
      other.meta.entityRef,
      exampleCatalog.find(e => stringifyEntityRef(e) === card.meta.entityRef)!,
      stricter.rules,
      {},
      [],
      now,
    );
    await store.save([{ ...other, scorecard: regraded }], stricter, now);

    const [{ n }] = await db('ai_scorecard_rule_sets').count({ n: '*' });
    // PostgreSQL counts in bigint, which its driver gives as a string.
    expect(Number(n)).toBe(2);
    expect((await store.get(card.meta.entityRef))?.scorecard).toEqual(
      asJson(card.scorecard),
    );
    const runbook = (
      await store.get(other.meta.entityRef)
    )?.scorecard.results.find(r => r.ruleId === 'on-call-incidents.runbook');
    expect(runbook?.weight).toBe(5);
  });

  it('never replaces a scorecard, its details or its day in the history with one graded as of earlier', async () => {
    const { store } = await setup();
    const [card, other] = exampleCards();
    const later = new Date(now.getTime() + 60_000);
    const earlier = new Date(now.getTime() - 60_000);
    // Graded later, with what failed or was unknown passing.
    const results = card.scorecard.results.map(r =>
      r.status === 'fail' || r.status === 'unknown'
        ? { ...r, status: 'pass' as const }
        : r,
    );
    const newer = {
      ...card,
      scorecard: { ...card.scorecard, ...summarize(results), results },
    };
    expect(await store.save([newer], ruleSet, later)).toEqual(
      new Set([card.meta.entityRef]),
    );
    const newerScore = (await store.get(card.meta.entityRef))!.scorecard.score;
    expect(newerScore).toBeGreaterThan(card.scorecard.score!);

    // A run that started before: only the entity without a newer scorecard
    // is stored.
    expect(await store.save([card, other], ruleSet, earlier)).toEqual(
      new Set([other.meta.entityRef]),
    );
    const stored = await store.get(card.meta.entityRef);
    expect(stored?.scorecard.score).toBe(newerScore);
    expect(stored?.computedAt).toBe(later.toISOString());
    expect(
      (await store.history(card.meta.entityRef, 3650)).map(h => h.score),
    ).toEqual([newerScore]);
    expect((await store.get(other.meta.entityRef))?.computedAt).toBe(
      earlier.toISOString(),
    );

    // One as of the same moment or later replaces it.
    expect(await store.save([card], ruleSet, later)).toEqual(
      new Set([card.meta.entityRef]),
    );
    expect((await store.get(card.meta.entityRef))?.scorecard.score).toBe(
      card.scorecard.score,
    );
  });

  it('reads scorecards stored in the first format, before rule-set shapes', async () => {
    const { db, store } = await setup();
    const [card] = exampleCards();
    await store.save([card], ruleSet, now);
    const firstFormat = {
      ...card.scorecard,
      results: card.scorecard.results.map(r =>
        r.status === 'not-applicable' ? [r.ruleId, r.chapter, r.weight] : r,
      ),
    };
    await db('ai_scorecard_details')
      .where({ entity_ref: card.meta.entityRef })
      .update({ scorecard: JSON.stringify(firstFormat) });

    expect((await store.get(card.meta.entityRef))?.scorecard).toEqual(
      asJson(card.scorecard),
    );
  });

  it('names the rule set a scorecard needs when it is missing', async () => {
    const { db, store } = await setup();
    const [card] = exampleCards();
    await store.save([card], ruleSet, now);
    await db('ai_scorecard_rule_sets').delete();

    await expect(
      new ScorecardStore(db).get(card.meta.entityRef),
    ).rejects.toThrow(
      /was graded against rule set [0-9a-f]{32}, which is not in ai_scorecard_rule_sets/,
    );
  });
});
