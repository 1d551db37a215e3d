import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createStores, PulumiStores } from '../createStores';

/**
 * The plugin's stores on a fresh test database, migrated as the plugin migrates it, with the database's
 * client for tests that look at the tables themselves.
 */
export async function createTestStores(
  databases: TestDatabases,
  id: TestDatabaseId,
): Promise<PulumiStores & { knex: Knex }> {
  const knex = await databases.init(id);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  return { knex, ...(await createStores(database)) };
}
