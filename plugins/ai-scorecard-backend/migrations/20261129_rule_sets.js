// @ts-check

// The eight chapters, as in 20261127_init.js.
const CHAPTERS = [
  'gpu-cluster-topology',
  'serving-runtime',
  'mlops-platform',
  'llm-observability',
  'rag-infrastructure',
  'cost-discipline',
  'security-compliance',
  'on-call-incidents',
];

/**
 * The rule sets that scorecards were graded against, by fingerprint: a
 * stored scorecard keeps only what the entity's facts decided, and takes
 * each rule's chapter, weight and comparisons from here.
 *
 * The per-chapter grade indexes go: with five grades each they select a
 * fifth of the table, and every graded entity paid for eight index
 * updates. On PostgreSQL the overview's order (score, unscored last, then
 * entity ref byte-wise) gets an index per direction, so that a page is read
 * in order instead of sorting the table; SQLite sorts 10,000 rows faster
 * than it reads them through such an index (`npm run bench:scorecard`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ai_scorecard_rule_sets', table => {
    table.comment(
      'Each rule set scorecards were graded against: rules, chapters, weights and comparisons',
    );
    table.string('fingerprint', 64).primary();
    table.string('version', 32).notNullable();
    table.text('shape').notNullable().comment('RuleSetShape as JSON');
    table.string('created_at', 32).notNullable();
  });
  await knex.schema.alterTable('ai_scorecard_entities', table => {
    for (const chapter of CHAPTERS) {
      table.dropIndex(`grade_${chapter.replace(/-/g, '_')}`);
    }
  });
  if (knex.client.config.client === 'pg') {
    for (const order of ['asc', 'desc']) {
      await knex.raw(
        `CREATE INDEX ai_scorecard_entities_score_${order} ON ai_scorecard_entities (score ${order} NULLS LAST, entity_ref COLLATE "C")`,
      );
    }
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') {
    await knex.raw('DROP INDEX ai_scorecard_entities_score_asc');
    await knex.raw('DROP INDEX ai_scorecard_entities_score_desc');
  }
  await knex.schema.alterTable('ai_scorecard_entities', table => {
    for (const chapter of CHAPTERS) {
      table.index(`grade_${chapter.replace(/-/g, '_')}`);
    }
  });
  await knex.schema.dropTable('ai_scorecard_rule_sets');
};
