// @ts-check

/**
 * The stack cache that the sync task keeps fresh, the links from catalog entities to stacks, and runs with
 * their events.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pulumi_stacks', table => {
    table.comment('One row per stack of every configured state backend');
    table
      .string('stack_ref', 255)
      .primary()
      .comment('backendId:organization/project/stack');
    table.string('backend_id', 63).notNullable();
    table.string('organization', 100).notNullable();
    table.string('project', 100).notNullable();
    table.string('stack', 100).notNullable();
    table.timestamp('last_update_time', { useTz: true }).nullable();
    table.string('last_update_result', 32).nullable();
    table.string('last_update_kind', 32).nullable();
    table.integer('resource_count').nullable();
    table.text('outputs').nullable().comment('JSON; secrets are [secret]');
    table
      .string('drift_status', 16)
      .notNullable()
      .defaultTo('unknown')
      .comment('unknown, in_sync, drifted or error');
    table.timestamp('drift_checked_at', { useTz: true }).nullable();
    table
      .timestamp('details_synced_for', { useTz: true })
      .nullable()
      .comment('The last_update_time that resources and history were read at');
    table.timestamp('synced_at', { useTz: true }).notNullable();
    table.unique(['backend_id', 'project', 'stack']);
    table.index(['drift_status']);
  });

  await knex.schema.createTable('pulumi_stack_resources', table => {
    table.comment('Resources of each stack, from its exported state');
    table
      .string('stack_ref', 255)
      .notNullable()
      .references('stack_ref')
      .inTable('pulumi_stacks')
      .onDelete('CASCADE');
    table.integer('ordinal').notNullable();
    table.text('urn').notNullable();
    table.string('type', 255).notNullable();
    table.string('name', 255).notNullable();
    table.boolean('custom').notNullable();
    table.text('resource_id').nullable();
    table.text('parent').nullable();
    table.text('provider_urn').nullable();
    table.string('provider_package', 100).nullable();
    table.string('provider_version', 64).nullable();
    table.string('created', 64).nullable();
    table.string('modified', 64).nullable();
    table.primary(['stack_ref', 'ordinal']);
  });

  await knex.schema.createTable('pulumi_stack_updates', table => {
    table.comment('Update history of each stack, newest first');
    table
      .string('stack_ref', 255)
      .notNullable()
      .references('stack_ref')
      .inTable('pulumi_stacks')
      .onDelete('CASCADE');
    table.integer('ordinal').notNullable();
    table.integer('version').nullable();
    table.string('kind', 32).notNullable();
    table.string('result', 32).notNullable();
    table.string('start_time', 64).notNullable();
    table.string('end_time', 64).nullable();
    table.text('message').nullable();
    table.text('resource_changes').notNullable().comment('JSON');
    table.primary(['stack_ref', 'ordinal']);
  });

  await knex.schema.createTable('pulumi_stack_links', table => {
    table.comment(
      'Catalog entities that name a stack in pulumi.com/project-slug',
    );
    table.string('stack_ref', 255).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('owner_ref', 255).nullable();
    table.primary(['stack_ref', 'entity_ref']);
    table.index(['entity_ref']);
    table.index(['owner_ref']);
  });

  await knex.schema.createTable('pulumi_runs', table => {
    table.comment('Every engine operation the backend runs');
    table.string('id', 36).primary();
    table.string('stack_ref', 255).notNullable();
    table.string('backend_id', 63).notNullable();
    table.string('project', 100).notNullable();
    table.string('stack', 100).notNullable();
    table.string('kind', 16).notNullable();
    table.string('status', 16).notNullable();
    table.string('requested_by', 255).notNullable();
    table.text('options').notNullable().comment('JSON: targets');
    table
      .string('lock_key', 255)
      .nullable()
      .unique()
      .comment('The stack_ref while a mutating run is queued or running');
    table.string('lease_owner', 64).nullable();
    table.timestamp('lease_expires_at', { useTz: true }).nullable();
    table.boolean('cancel_requested').notNullable().defaultTo(false);
    table.integer('resources_done').notNullable().defaultTo(0);
    table.integer('resources_total').nullable();
    table.text('change_summary').nullable().comment('JSON');
    table.text('error').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.index(['stack_ref', 'created_at']);
    table.index(['status', 'created_at']);
  });

  await knex.schema.createTable('pulumi_run_events', table => {
    table.comment('Engine events, progress and status changes of each run');
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('pulumi_runs')
      .onDelete('CASCADE');
    table.integer('seq').notNullable();
    table.string('type', 16).notNullable();
    table.text('payload').notNullable().comment('JSON; secrets redacted');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['run_id', 'seq']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pulumi_run_events');
  await knex.schema.dropTable('pulumi_runs');
  await knex.schema.dropTable('pulumi_stack_links');
  await knex.schema.dropTable('pulumi_stack_updates');
  await knex.schema.dropTable('pulumi_stack_resources');
  await knex.schema.dropTable('pulumi_stacks');
};
