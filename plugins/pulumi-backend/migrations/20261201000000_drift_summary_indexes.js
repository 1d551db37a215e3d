// @ts-check

/**
 * Indexes for the drift summary, which the dashboard asks for on every visit: the stacks with a drifted
 * check in a window (status, then time, with the ref in the index), and the findings that no rule ignores
 * in a window, counted by type from the index alone.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pulumi_drift_checks', table => {
    table.index(['status', 'checked_at', 'stack_ref']);
  });
  await knex.schema.alterTable('pulumi_drift_findings', table => {
    table.index(['checked_at', 'ignored', 'type']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pulumi_drift_findings', table => {
    table.dropIndex(['checked_at', 'ignored', 'type']);
  });
  await knex.schema.alterTable('pulumi_drift_checks', table => {
    table.dropIndex(['status', 'checked_at', 'stack_ref']);
  });
};
