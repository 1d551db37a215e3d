// @ts-check

/**
 * The template each stack was created from, and its version: from the stack tags `stackyard:template` and
 * `stackyard:template-version` that a generated template's pulumi:new sets, as the sync reads them. The
 * usage registry counts the stacks of each template and version.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('pulumi_stacks', table => {
    table
      .string('template', 255)
      .nullable()
      .comment(
        'The stack tag stackyard:template: the template it was created from',
      );
    table
      .string('template_version', 64)
      .nullable()
      .comment(
        "The stack tag stackyard:template-version: that template's version",
      );
    table.index(['template'], 'pulumi_stacks_template_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('pulumi_stacks', table => {
    table.dropIndex(['template'], 'pulumi_stacks_template_idx');
    table.dropColumn('template');
    table.dropColumn('template_version');
  });
};
