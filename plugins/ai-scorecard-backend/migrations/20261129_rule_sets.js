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
 * updates; the overview pages faster by scanning (measured with
 * `npm run bench:scorecard` on SQLite and PostgreSQL, also against an index
 * on its order).
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
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ai_scorecard_entities', table => {
    for (const chapter of CHAPTERS) {
      table.index(`grade_${chapter.replace(/-/g, '_')}`);
    }
  });
  await knex.schema.dropTable('ai_scorecard_rule_sets');
};
