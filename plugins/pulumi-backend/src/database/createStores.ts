import { DatabaseService } from '@backstage/backend-plugin-api';
import { DatabaseDriftStore } from './DatabaseDriftStore';
import { DatabaseRunStore } from './DatabaseRunStore';
import { DatabaseStackStore } from './DatabaseStackStore';
import { DatabaseRegistryStore } from './DatabaseRegistryStore';
import { DatabaseTtlStore } from './DatabaseTtlStore';
import { applyDatabaseMigrations } from './migrations';

/** The plugin's stores over one database. */
export interface PulumiStores {
  stacks: DatabaseStackStore;
  runs: DatabaseRunStore;
  drift: DatabaseDriftStore;
  ttls: DatabaseTtlStore;
  registry: DatabaseRegistryStore;
}

/**
 * The persistence of the plugin: migrates the database once (unless the database service says to skip
 * migrations), then hands out the stack, run, drift, time-to-live and registry stores. Each table has one owning store; the drift
 * store writes a check's status on its stack through the stack store.
 */
export async function createStores(
  database: DatabaseService,
): Promise<PulumiStores> {
  const db = await database.getClient();
  if (!database.migrations?.skip) {
    await applyDatabaseMigrations(db);
  }
  const stacks = new DatabaseStackStore(db);
  return {
    stacks,
    runs: new DatabaseRunStore(db),
    drift: new DatabaseDriftStore(db, stacks),
    ttls: new DatabaseTtlStore(db),
    registry: new DatabaseRegistryStore(db),
  };
}
