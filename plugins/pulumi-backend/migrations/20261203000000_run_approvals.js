// @ts-check

/**
 * The approvals of runs on protected stacks: the plan that the run's preview saved, its steps, and who
 * decided what about it. One row per run that needs an approval, removed with its run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // 'awaiting_approval' is longer than the 16 characters that the first statuses needed.
  await knex.schema.alterTable('pulumi_runs', table => {
    table.string('status', 32).notNullable().alter();
  });
  await knex.schema.createTable('pulumi_run_approvals', table => {
    table.comment('The plan and the decision of each run on a protected stack');
    table
      .string('run_id', 36)
      .primary()
      .references('id')
      .inTable('pulumi_runs')
      .onDelete('CASCADE');
    table
      .string('state', 16)
      .notNullable()
      .comment('planning, pending, approved, rejected or expired');
    table
      .text('plan', 'longtext')
      .nullable()
      .comment(
        "The engine's plan; its secrets are encrypted by the stack's secrets provider",
      );
    table
      .text('steps', 'longtext')
      .nullable()
      .comment('JSON; secrets are [secret]');
    table.text('change_summary').nullable();
    table.timestamp('planned_at', { useTz: true }).nullable();
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.string('decided_by', 255).nullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('comment').nullable();
    table.boolean('plan_refused').notNullable().defaultTo(false);
    table.index(['state', 'expires_at']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pulumi_run_approvals');
  await knex('pulumi_runs')
    .whereIn('status', ['awaiting_approval', 'rejected', 'expired'])
    .update({ status: 'cancelled', lock_key: null });
  await knex.schema.alterTable('pulumi_runs', table => {
    table.string('status', 16).notNullable().alter();
  });
};
