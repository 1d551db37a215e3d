// @ts-check

/**
 * A stack's own drift check period, from its `stackyard:drift-interval` tag.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pulumi_stacks', table => {
    table
      .integer('drift_interval_seconds')
      .nullable()
      .comment(
        'The period of scheduled drift checks from the stack tag; 0 is off, NULL follows pulumi.drift.interval',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pulumi_stacks', table => {
    table.dropColumn('drift_interval_seconds');
  });
};
