// @ts-check

/**
 * The stacks a stack reads through `StackReference`, from its state.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pulumi_stacks', table => {
    table
      .text('stack_references')
      .nullable()
      .comment(
        'JSON array of the stack names this stack reads through StackReference',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pulumi_stacks', table => {
    table.dropColumn('stack_references');
  });
};
