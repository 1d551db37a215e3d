// @ts-check

/**
 * The time to live of the stacks that carry the tag `stackyard:ttl`: when each ends, whether its owners
 * were warned, and the destroy that ends it. One row per stack with the tag.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pulumi_stack_ttls', table => {
    table.comment('The time to live of each stack with a stackyard:ttl tag');
    table
      .string('stack_ref', 255)
      .primary()
      .comment('backendId:organization/project/stack');
    table.string('backend_id', 63).notNullable();
    table.string('project', 100).notNullable();
    table.string('stack', 100).notNullable();
    table.string('tag', 255).notNullable().comment("The tag's value");
    table
      .string('status', 16)
      .notNullable()
      .comment('active, warned, expiring, ttl_failed or invalid');
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.text('message').nullable();
    table.string('run_id', 36).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['status', 'expires_at']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pulumi_stack_ttls');
};
