import { Knex } from 'knex';
import {
  CHAPTER_IDS,
  ChapterId,
  EntityScorecard,
  Grade,
  GradeDistribution,
  FailingRuleCount,
  OverviewQuery,
  RuleSet,
  ScorecardHistoryPoint,
  ScorecardSummary,
  StoredScorecard,
  StoredWaiver,
  Waiver,
} from '@ai-refarch/plugin-ai-scorecard-common';
import {
  pack,
  packedRuleSet,
  ruleSetShape,
  RuleSetShape,
  unpack,
} from './packing';

/** The column that holds a chapter's grade. */
const gradeColumn = (chapter: ChapterId) =>
  `grade_${chapter.replace(/-/g, '_')}`;

/**
 * Grades as stored: the grade columns hold one character, and Incomplete
 * is `I`.
 */
const toColumn = (grade: Grade | null | undefined) =>
  grade === 'Incomplete' ? 'I' : grade ?? null;
const fromColumn = (value: string | null): Grade | null =>
  value === 'I' ? 'Incomplete' : (value as Grade | null);

export type EntityMeta = {
  entityRef: string;
  kind: string;
  title: string;
  owner?: string;
  system?: string;
  /** The entity's metadata.etag when it was graded. */
  etag?: string;
};

const BATCH = 200;

/**
 * Which graded entities a read covers: the query's kind, owner and system,
 * and `readable`, the refs the caller may read in the catalog (every ref
 * when absent).
 */
export type Scope = Pick<OverviewQuery, 'kind' | 'owner' | 'system'> & {
  readable?: string[];
};

/** Narrows a read to the entity refs a caller may read (all when undefined). */
function onlyReadable<T extends Knex.QueryBuilder>(
  query: T,
  readable: string[] | undefined,
): T {
  if (readable?.length === 0) query.whereRaw('1 = 0');
  else if (readable) query.whereIn('entity_ref', readable);
  return query;
}

const toWaiver = (r: any): StoredWaiver => ({
  id: r.id,
  entityRef: r.entity_ref,
  ruleId: r.rule_id,
  reason: r.reason,
  author: r.author,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/** Scorecards, chapter grades and daily history in the plugin's database. */
export class ScorecardStore {
  /** Rule-set shapes by fingerprint, as stored; they never change. */
  private readonly shapes = new Map<
    string,
    Promise<RuleSetShape | undefined>
  >();
  private readonly fingerprints = new WeakMap<RuleSet, Promise<string>>();

  private readonly client: string;
  private readonly isPostgres: boolean;

  constructor(private readonly db: Knex) {
    this.client = String(db.client.config.client);
    this.isPostgres = this.client === 'pg';
  }

  /**
   * Refreshes the query planner's statistics after a full run has rewritten
   * the summaries, so that PostgreSQL pages the overview from its indexes
   * at once rather than after autovacuum's next pass.
   */
  async analyze(): Promise<void> {
    if (this.isPostgres) await this.db.raw('ANALYZE ai_scorecard_entities');
  }

  /** Stores the rule set's shape once, and returns its fingerprint. */
  private register(ruleSet: RuleSet): Promise<string> {
    let fingerprint = this.fingerprints.get(ruleSet);
    if (!fingerprint) {
      const { fingerprint: id, shape, text } = ruleSetShape(ruleSet);
      fingerprint = this.db('ai_scorecard_rule_sets')
        .insert({
          fingerprint: id,
          version: ruleSet.version,
          shape: text,
          created_at: new Date().toISOString(),
        })
        .onConflict('fingerprint')
        .ignore()
        .then(() => {
          this.shapes.set(id, Promise.resolve(shape));
          return id;
        });
      // A failed write is tried again with the next save.
      fingerprint.catch(() => this.fingerprints.delete(ruleSet));
      this.fingerprints.set(ruleSet, fingerprint);
    }
    return fingerprint;
  }

  private shape(fingerprint: string): Promise<RuleSetShape | undefined> {
    let shape = this.shapes.get(fingerprint);
    if (!shape) {
      shape = this.db('ai_scorecard_rule_sets')
        .where({ fingerprint })
        .first('shape')
        .then(row => {
          // Only what was found is remembered.
          if (!row) this.shapes.delete(fingerprint);
          return row ? JSON.parse(row.shape) : undefined;
        });
      shape.catch(() => this.shapes.delete(fingerprint));
      this.shapes.set(fingerprint, shape);
    }
    return shape;
  }

  /**
   * Stores scorecards graded as of `asOf`: the moment their grading read the
   * waivers, before it collected any fact. A scorecard replaces the stored
   * one only if that one is not newer, so that a long grading run that read
   * the waivers before a reviewer waived a rule cannot overwrite the
   * scorecard regraded with the waiver. Returns the refs it stored.
   */
  async save(
    cards: { meta: EntityMeta; scorecard: EntityScorecard }[],
    ruleSet: RuleSet,
    asOf: Date,
  ): Promise<Set<string>> {
    const computedAt = asOf.toISOString();
    const day = computedAt.slice(0, 10);
    const fingerprint = await this.register(ruleSet);
    const shape = (await this.shape(fingerprint))!;
    const entities = cards.map(({ meta, scorecard }) => ({
      entity_ref: meta.entityRef,
      kind: meta.kind.toLocaleLowerCase('en-US'),
      title: meta.title,
      owner: meta.owner ?? null,
      system: meta.system ?? null,
      etag: meta.etag ?? null,
      score: scorecard.score,
      coverage: scorecard.coverage,
      grade: toColumn(scorecard.grade),
      failing_rules: `,${scorecard.results
        .filter(r => r.status === 'fail')
        .map(r => r.ruleId)
        .join(',')},`,
      rule_set_version: ruleSet.version,
      computed_at: computedAt,
      ...Object.fromEntries(
        scorecard.chapters.map(c => [
          gradeColumn(c.chapter),
          toColumn(c.grade),
        ]),
      ),
    }));
    const details = cards.map(({ meta, scorecard }) => ({
      entity_ref: meta.entityRef,
      scorecard: pack(scorecard, fingerprint, shape),
    }));
    const history = cards.map(({ meta, scorecard }) => ({
      entity_ref: meta.entityRef,
      day,
      score: scorecard.score,
      coverage: scorecard.coverage,
      grade: toColumn(scorecard.grade),
    }));
    return this.db.transaction(async tx => {
      const saved = await this.upsert(
        tx,
        'ai_scorecard_entities',
        entities,
        ['entity_ref'],
        'computed_at',
      );
      const keep = (row: { entity_ref: string }) => saved.has(row.entity_ref);
      await this.upsert(tx, 'ai_scorecard_details', details.filter(keep), [
        'entity_ref',
      ]);
      await this.upsert(tx, 'ai_scorecard_history', history.filter(keep), [
        'entity_ref',
        'day',
      ]);
      return saved;
    });
  }

  /**
   * Inserts rows or replaces the ones with the same key; with `newerThan`, a
   * stored row only where its value of that column is not later than the
   * new row's. Returns the first key column of the rows it wrote. knex
   * would send one statement with a placeholder per value for each batch,
   * which the database parses and plans anew each time; instead,
   * better-sqlite3 runs one prepared statement per row inside the
   * transaction, and PostgreSQL gets all rows as one JSON parameter that it
   * unpacks (`json_populate_recordset`) in one round trip. Other databases
   * get knex's batched inserts, without the `newerThan` condition.
   */
  private async upsert(
    tx: Knex.Transaction,
    table: string,
    rows: Record<string, unknown>[],
    key: string[],
    newerThan?: string,
  ): Promise<Set<string>> {
    const written = new Set<string>();
    if (!rows.length) return written;
    const columns = Object.keys(rows[0]);
    const quote = (c: string) => `"${c}"`;
    const list = columns.map(quote).join(', ');
    const onConflict = `ON CONFLICT (${key
      .map(quote)
      .join(', ')}) DO UPDATE SET ${columns
      .filter(c => !key.includes(c))
      .map(c => `${quote(c)} = excluded.${quote(c)}`)
      .join(', ')}${
      newerThan
        ? ` WHERE ${quote(table)}.${quote(newerThan)} <= excluded.${quote(
            newerThan,
          )}`
        : ''
    }`;
    if (this.client === 'better-sqlite3') {
      // The transaction's own connection (a better-sqlite3 Database).
      const connection = await tx.client.acquireConnection();
      const statement = connection.prepare(
        `INSERT INTO ${quote(table)} (${list}) VALUES (${columns
          .map(() => '?')
          .join(', ')}) ${onConflict}`,
      );
      for (const row of rows) {
        if (statement.run(columns.map(c => row[c])).changes) {
          written.add(String(row[key[0]]));
        }
      }
      return written;
    }
    if (this.client === 'pg') {
      // A row that the condition keeps is not returned.
      const result = await tx.raw(
        `INSERT INTO ${quote(
          table,
        )} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${quote(
          table,
        )}, ?) ${onConflict} RETURNING ${quote(key[0])}`,
        [JSON.stringify(rows)],
      );
      for (const row of result.rows) written.add(String(row[key[0]]));
      return written;
    }
    for (let i = 0; i < rows.length; i += BATCH) {
      await tx(table)
        .insert(rows.slice(i, i + BATCH))
        .onConflict(key)
        .merge();
    }
    for (const row of rows) written.add(String(row[key[0]]));
    return written;
  }

  /** The catalog etag of every graded entity, as it was graded. */
  async etags(): Promise<Map<string, string | null>> {
    const rows: { entity_ref: string; etag: string | null }[] = await this.db(
      'ai_scorecard_entities',
    ).select('entity_ref', 'etag');
    return new Map(rows.map(r => [r.entity_ref, r.etag]));
  }

  /** Drops the scorecards of entities that are no longer in the catalog. */
  async retain(entityRefs: Set<string>): Promise<number> {
    const stored: { entity_ref: string }[] = await this.db(
      'ai_scorecard_entities',
    ).select('entity_ref');
    return this.remove(
      stored.map(r => r.entity_ref).filter(ref => !entityRefs.has(ref)),
    );
  }

  /** Drops the scorecards of these entities; their history stays. */
  async remove(gone: string[]): Promise<number> {
    for (let i = 0; i < gone.length; i += BATCH) {
      const batch = gone.slice(i, i + BATCH);
      await this.db('ai_scorecard_details')
        .whereIn('entity_ref', batch)
        .delete();
      await this.db('ai_scorecard_entities')
        .whereIn('entity_ref', batch)
        .delete();
    }
    return gone.length;
  }

  async get(entityRef: string): Promise<StoredScorecard | undefined> {
    const row = await this.db('ai_scorecard_entities as e')
      .join('ai_scorecard_details as d', 'd.entity_ref', 'e.entity_ref')
      .where('e.entity_ref', entityRef)
      .first('d.scorecard', 'e.rule_set_version', 'e.computed_at');
    if (!row) return undefined;
    const fingerprint = packedRuleSet(row.scorecard);
    const shape = fingerprint ? await this.shape(fingerprint) : undefined;
    if (fingerprint && !shape) {
      throw new Error(
        `The scorecard of ${entityRef} was graded against rule set ${fingerprint}, which is not in ai_scorecard_rule_sets`,
      );
    }
    return {
      scorecard: unpack(entityRef, row.scorecard, shape),
      ruleSetVersion: row.rule_set_version,
      computedAt: row.computed_at,
    };
  }

  async history(
    entityRef: string,
    days: number,
  ): Promise<ScorecardHistoryPoint[]> {
    const rows = await this.db('ai_scorecard_history')
      .where({ entity_ref: entityRef })
      .orderBy('day', 'desc')
      .limit(days)
      .select('day', 'score', 'coverage', 'grade');
    return rows.reverse().map(r => ({
      day: r.day,
      score: r.score,
      coverage: r.coverage ?? null,
      grade: fromColumn(r.grade),
    }));
  }

  /** Narrows a read of ai_scorecard_entities to a scope. */
  private scoped<T extends Knex.QueryBuilder>(query: T, q: Scope): T {
    if (q.kind) query.where('kind', q.kind.toLocaleLowerCase('en-US'));
    if (q.owner) query.where('owner', q.owner);
    if (q.system) query.where('system', q.system);
    return onlyReadable(query, q.readable);
  }

  async overview(
    q: OverviewQuery & Scope,
  ): Promise<{ items: ScorecardSummary[]; total: number }> {
    const base = this.scoped(this.db('ai_scorecard_entities'), q);
    if (q.failing) base.where('failing_rules', 'like', `%,${q.failing},%`);
    if (q.grade)
      base.where(
        q.chapter ? gradeColumn(q.chapter) : 'grade',
        toColumn(q.grade),
      );
    else if (q.chapter) base.whereNotNull(gradeColumn(q.chapter));
    // The page's refs first, from the narrow ordered read that the score
    // indexes of 20261129_rule_sets.js serve on PostgreSQL (the table is
    // not sorted on each request); then those rows.
    const [[{ count }], refs] = await Promise.all([
      base.clone().count({ count: '*' }),
      base
        .clone()
        .select('entity_ref')
        .orderByRaw(
          `?? ${q.order === 'asc' ? 'asc' : 'desc'} nulls last, ${
            this.isPostgres ? 'entity_ref collate "C"' : 'entity_ref'
          } asc`,
          [q.sort],
        )
        .offset((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .then(page => page.map(r => r.entity_ref as string)),
    ]);
    const byRef = new Map<string, any>(
      refs.length
        ? (
            await this.db('ai_scorecard_entities')
              .whereIn('entity_ref', refs)
              .select(
                'entity_ref',
                'kind',
                'title',
                'owner',
                'system',
                'score',
                'coverage',
                'grade',
                'computed_at',
                ...CHAPTER_IDS.map(gradeColumn),
              )
          ).map(r => [r.entity_ref, r])
        : [],
    );
    const rows = refs.map(ref => byRef.get(ref)).filter(Boolean);
    return {
      total: Number(count),
      items: rows.map(r => ({
        entityRef: r.entity_ref,
        kind: r.kind,
        title: r.title,
        owner: r.owner,
        system: r.system,
        score: r.score,
        coverage: r.coverage ?? null,
        grade: fromColumn(r.grade),
        chapters: Object.fromEntries(
          CHAPTER_IDS.map(c => [c, fromColumn(r[gradeColumn(c)] ?? null)]),
        ) as ScorecardSummary['chapters'],
        computedAt: r.computed_at,
      })),
    };
  }

  /** How many entities have each grade, overall and per chapter. */
  async distribution(q: Scope): Promise<GradeDistribution> {
    const columns = ['grade', ...CHAPTER_IDS.map(gradeColumn)];
    const result = {} as GradeDistribution;
    for (const [i, column] of columns.entries()) {
      const query = this.scoped(
        this.db('ai_scorecard_entities')
          .select({ grade: column })
          .count({ count: '*' })
          .groupBy(column),
        q,
      );
      const rows = (await query) as unknown as {
        grade: string | null;
        count: number | string;
      }[];
      result[i === 0 ? 'overall' : CHAPTER_IDS[i - 1]] = Object.fromEntries(
        rows.map(r => [fromColumn(r.grade) ?? 'none', Number(r.count)]),
      );
    }
    return result;
  }

  /** How many graded entities fail each rule, most first. */
  async failingRules(q: Scope): Promise<FailingRuleCount[]> {
    const query = this.scoped(
      this.db('ai_scorecard_entities')
        .select('failing_rules')
        .whereNot('failing_rules', ',,'),
      q,
    );
    const counts = new Map<string, number>();
    for (const row of await query) {
      for (const ruleId of String(row.failing_rules).split(',')) {
        if (ruleId) counts.set(ruleId, (counts.get(ruleId) ?? 0) + 1);
      }
    }
    return [...counts]
      .map(([ruleId, entities]) => ({ ruleId, entities }))
      .sort(
        (a, b) => b.entities - a.entities || a.ruleId.localeCompare(b.ruleId),
      );
  }

  async waivers(
    filter: { entityRef?: string; activeAt?: Date; readable?: string[] } = {},
  ): Promise<StoredWaiver[]> {
    const query = this.db('ai_scorecard_waivers').orderBy('id');
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    onlyReadable(query, filter.readable);
    if (filter.activeAt)
      query.where('expires_at', '>', filter.activeAt.toISOString());
    return (await query).map(toWaiver);
  }

  async addWaiver(waiver: Waiver, now: Date): Promise<StoredWaiver> {
    const createdAt = now.toISOString();
    const [row] = await this.db('ai_scorecard_waivers')
      .insert({
        entity_ref: waiver.entityRef,
        rule_id: waiver.ruleId,
        reason: waiver.reason,
        author: waiver.author,
        created_at: createdAt,
        expires_at: waiver.expiresAt,
      })
      .returning('id');
    const id = typeof row === 'object' ? row.id : row;
    return { ...waiver, id, createdAt };
  }

  async waiver(id: number): Promise<StoredWaiver | undefined> {
    const row = await this.db('ai_scorecard_waivers').where({ id }).first();
    return row ? toWaiver(row) : undefined;
  }

  async deleteWaiver(id: number): Promise<StoredWaiver | undefined> {
    const waiver = await this.waiver(id);
    if (waiver) await this.db('ai_scorecard_waivers').where({ id }).delete();
    return waiver;
  }

  async recordRun(run: {
    instance: string;
    startedAt: Date;
    finishedAt: Date;
    graded: number;
    removed: number;
  }): Promise<void> {
    await this.db('ai_scorecard_runs').insert({
      instance: run.instance,
      started_at: run.startedAt.toISOString(),
      finished_at: run.finishedAt.toISOString(),
      graded: run.graded,
      removed: run.removed,
    });
  }
}
