// @ts-check

/**
 * The catalog etag of the entity as it was graded, so that a short task can
 * regrade only the entities that changed since.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ai_scorecard_entities', table => {
    table
      .string('etag', 255)
      .nullable()
      .comment('metadata.etag of the entity when it was graded');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ai_scorecard_entities', table => {
    table.dropColumn('etag');
  });
};
