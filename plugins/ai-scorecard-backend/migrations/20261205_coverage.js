// @ts-check

/**
 * Each scorecard's coverage: the share of the applicable rules' weight that
 * evidence decided. Below the coverage threshold the grade is Incomplete,
 * stored as `I` in the one-character grade columns. The next full run
 * (which starts shortly after the back end does) fills both in.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const name of ['ai_scorecard_entities', 'ai_scorecard_history']) {
    await knex.schema.alterTable(name, table => {
      table
        .float('coverage')
        .nullable()
        .comment('Decided weight over applicable weight, 0-100');
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of ['ai_scorecard_entities', 'ai_scorecard_history']) {
    await knex.schema.alterTable(name, table => {
      table.dropColumn('coverage');
    });
  }
};
