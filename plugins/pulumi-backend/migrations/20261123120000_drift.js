// @ts-check

/**
 * Drift checks with their findings, ignore rules, the drift schedule of each stack, and retries of runs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pulumi_drift_checks', table => {
    table.comment('Every drift check, kept for history and trends');
    table
      .string('run_id', 36)
      .primary()
      .references('id')
      .inTable('pulumi_runs')
      .onDelete('CASCADE');
    table.string('stack_ref', 255).notNullable();
    table.string('kind', 32).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('in_sync, drifted or error');
    table.string('requested_by', 255).notNullable();
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.integer('findings').notNullable();
    table.integer('ignored').notNullable();
    table.text('error').nullable();
    table.index(['stack_ref', 'checked_at']);
    table.index(['checked_at']);
  });

  await knex.schema.createTable('pulumi_drift_findings', table => {
    table.comment(
      'Resources a drift check found different, with their properties',
    );
    table
      .string('run_id', 36)
      .notNullable()
      .references('run_id')
      .inTable('pulumi_drift_checks')
      .onDelete('CASCADE');
    table.integer('ordinal').notNullable();
    table.string('stack_ref', 255).notNullable();
    table.text('urn').notNullable();
    table.string('type', 255).notNullable();
    table.string('name', 255).notNullable();
    table.string('kind', 16).notNullable();
    table.string('source', 16).notNullable();
    table.string('operation', 32).nullable();
    table
      .text('properties')
      .notNullable()
      .comment('JSON; secrets are [secret]');
    table.boolean('ignored').notNullable();
    table.string('ignored_by', 64).nullable();
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.primary(['run_id', 'ordinal']);
    table.index(['checked_at', 'type']);
  });

  await knex.schema.createTable('pulumi_drift_ignore_rules', table => {
    table.comment('Drift ignore rules created through the API');
    table.string('id', 36).primary();
    table.string('stack', 255).nullable();
    table.string('type', 255).nullable();
    table.text('urn').nullable();
    table.string('property', 255).nullable();
    table.text('reason').nullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.alterTable('pulumi_stacks', table => {
    table
      .timestamp('drift_next_check_at', { useTz: true })
      .nullable()
      .comment('When the stack is next due for a scheduled drift check');
    table
      .timestamp('drift_check_requested_at', { useTz: true })
      .nullable()
      .comment('The last manual check request, for rate limiting');
    table.index(['drift_next_check_at']);
  });

  await knex.schema.alterTable('pulumi_runs', table => {
    table
      .integer('attempts')
      .notNullable()
      .defaultTo(0)
      .comment('Times a read-only run was requeued after its process died');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pulumi_runs', table => {
    table.dropColumn('attempts');
  });
  await knex.schema.alterTable('pulumi_stacks', table => {
    table.dropIndex(['drift_next_check_at']);
    table.dropColumn('drift_next_check_at');
    table.dropColumn('drift_check_requested_at');
  });
  await knex.schema.dropTable('pulumi_drift_ignore_rules');
  await knex.schema.dropTable('pulumi_drift_findings');
  await knex.schema.dropTable('pulumi_drift_checks');
};
