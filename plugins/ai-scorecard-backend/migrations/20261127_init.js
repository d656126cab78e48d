// @ts-check

// The eight chapters, as in @ai-refarch/plugin-ai-scorecard-common; a
// migration keeps its own copy so that it never changes after it has run.
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

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ai_scorecard_entities', table => {
    table.comment('The latest scorecard of each graded entity');
    table.string('entity_ref', 255).primary();
    table.string('kind', 63).notNullable().index();
    table.string('title', 255).notNullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    table.float('score').nullable();
    table.string('grade', 1).nullable().index();
    table
      .text('failing_rules')
      .notNullable()
      .comment(
        'Ids of failing rules as ,id1,id2, for "which entities fail rule X"',
      );
    table.string('rule_set_version', 32).notNullable();
    table.string('computed_at', 32).notNullable();
    // One grade column per chapter of the reference architecture, for
    // filtering and the grade distribution without a join.
    for (const chapter of CHAPTERS) {
      table
        .string(`grade_${chapter.replace(/-/g, '_')}`, 1)
        .nullable()
        .index();
    }
  });
  await knex.schema.createTable('ai_scorecard_details', table => {
    table.comment(
      'The full scorecard of each entity with its evidence, apart from the summary rows that the overview scans',
    );
    table.string('entity_ref', 255).primary();
    table.text('scorecard').notNullable().comment('EntityScorecard as JSON');
  });
  await knex.schema.createTable('ai_scorecard_waivers', table => {
    table.comment('Exceptions to one rule for one entity, until they expire');
    table.increments('id');
    table.string('entity_ref', 255).notNullable().index();
    table.string('rule_id', 255).notNullable();
    table.text('reason').notNullable();
    table.string('author', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('expires_at', 32).notNullable().index();
  });
  await knex.schema.createTable('ai_scorecard_runs', table => {
    table.comment(
      'Each grading run: which replica ran it, when, and how many entities',
    );
    table.increments('id');
    table.string('instance', 255).notNullable();
    table.string('started_at', 32).notNullable();
    table.string('finished_at', 32).notNullable();
    table.integer('graded').notNullable();
    table.integer('removed').notNullable();
  });
  await knex.schema.createTable('ai_scorecard_history', table => {
    table.comment('One score per entity and day');
    table.string('entity_ref', 255).notNullable();
    table.string('day', 10).notNullable();
    table.float('score').nullable();
    table.string('grade', 1).nullable();
    table.primary(['entity_ref', 'day']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ai_scorecard_history');
  await knex.schema.dropTable('ai_scorecard_runs');
  await knex.schema.dropTable('ai_scorecard_waivers');
  await knex.schema.dropTable('ai_scorecard_details');
  await knex.schema.dropTable('ai_scorecard_entities');
};
