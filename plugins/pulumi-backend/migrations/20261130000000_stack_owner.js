// @ts-check

/**
 * A stack's owner, from its `backstage.io:owner` tag or else from its first linked catalog entity, and
 * indexes for sorting the stack list.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pulumi_stacks', table => {
    table
      .string('owner', 255)
      .nullable()
      .comment(
        'Lowercase entity ref: owner_tag, else the owner of the first linked catalog entity',
      );
    table
      .string('owner_tag', 255)
      .nullable()
      .comment('The owner from the backstage.io:owner stack tag, normalised');
    table.index(['owner']);
    // Keyset pages of the sorted stack list: the sort column, then the ref that breaks ties.
    table.index(['last_update_time', 'stack_ref']);
    table.index(['resource_count', 'stack_ref']);
    table.index(['drift_checked_at', 'stack_ref']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pulumi_stacks', table => {
    table.dropIndex(['drift_checked_at', 'stack_ref']);
    table.dropIndex(['resource_count', 'stack_ref']);
    table.dropIndex(['last_update_time', 'stack_ref']);
    table.dropIndex(['owner']);
    table.dropColumn('owner_tag');
    table.dropColumn('owner');
  });
};
