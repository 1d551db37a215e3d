// @ts-check

/**
 * The usage registry's index: what packages each stack uses, from its state, as the sync reads it. One row
 * per stack, kind (`provider` or `component`), package, component type and version, with how many
 * resources it counts. The stacks' details are marked unread, so that the next sync indexes every state,
 * through the one path that keeps the index.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pulumi_stack_packages', table => {
    table.comment('The packages and component types each stack uses');
    table.string('stack_ref', 255).notNullable();
    table.string('kind', 16).notNullable().comment('provider or component');
    table.string('package', 100).notNullable();
    table
      .string('type', 255)
      .notNullable()
      .defaultTo('')
      .comment("A component's type; '' for a provider");
    table
      .string('version', 64)
      .notNullable()
      .defaultTo('')
      .comment("'' when the state records none");
    table.integer('resources').notNullable();
    table.primary(['stack_ref', 'kind', 'package', 'type', 'version']);
    table.index(['kind', 'package']);
  });
  await knex('pulumi_stacks').update({ details_synced_for: null });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pulumi_stack_packages');
};
