// @ts-check

/**
 * Who applies an approved plan, when it is not the plugin's own worker: `scaffolder` for the plan of a
 * `pulumi:up` or `pulumi:destroy` step, which the scaffolder task applies in its own workspace and then
 * reports. Null for the runs the plugin's worker applies.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pulumi_run_approvals', table => {
    table
      .string('applied_by', 64)
      .nullable()
      .comment(
        'The plugin that applies the approved plan itself, if not this one',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pulumi_run_approvals', table => {
    table.dropColumn('applied_by');
  });
};
