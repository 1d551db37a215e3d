import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@stackyard/plugin-pulumi-backend',
  'migrations',
);

/** Applies the plugin's migrations, unless the database service says to skip them. */
export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDir,
    tableName: 'pulumi_knex_migrations',
  });
}

/** Reverts every migration of the plugin; for the migration tests. */
export async function rollbackDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.rollback(
    { directory: migrationsDir, tableName: 'pulumi_knex_migrations' },
    true,
  );
}
