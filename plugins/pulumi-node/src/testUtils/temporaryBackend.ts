import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { pathToFileURL } from 'node:url';
import { StateBackend } from '../engine/stateBackends';

/**
 * A state backend that exists for one test, with a folder of its own for `PULUMI_HOME` and for files the
 * test's resources manage.
 *
 * @public
 */
export interface TemporaryBackend extends StateBackend {
  kind: 'file' | 'postgres';
  /** A scratch folder that is removed with the backend. */
  workDir: string;
  /** The `PULUMI_HOME` for engine calls against this backend. */
  pulumiHome: string;
  /** Removes the state, the scratch folder and, for PostgreSQL, the database. */
  dispose(): Promise<void>;
}

/**
 * The admin connection string of the PostgreSQL server that `scripts/test.sh` starts, if any.
 *
 * @public
 */
export function testPostgresUrl(): string | undefined {
  return process.env.STACKYARD_TEST_POSTGRES_URL || undefined;
}

async function withClient<T>(
  url: string,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty state backend for one test: a folder behind a `file://` URL, or a new database on the
 * PostgreSQL server named by `postgresUrl` (by default `STACKYARD_TEST_POSTGRES_URL`).
 *
 * @public
 */
export async function createTemporaryBackend(options: {
  kind: 'file' | 'postgres';
  postgresUrl?: string;
}): Promise<TemporaryBackend> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'stackyard-test-'));
  const pulumiHome = path.join(workDir, 'pulumi-home');
  const passphrase = `test-${path.basename(workDir)}`;
  if (options.kind === 'file') {
    const stateDir = path.join(workDir, 'state');
    await mkdir(stateDir, { recursive: true });
    return {
      kind: 'file',
      url: pathToFileURL(stateDir).toString(),
      passphrase,
      workDir,
      pulumiHome,
      dispose: () => rm(workDir, { recursive: true, force: true }),
    };
  }

  const adminUrl = options.postgresUrl ?? testPostgresUrl();
  if (!adminUrl) {
    await rm(workDir, { recursive: true, force: true });
    throw new Error(
      'A PostgreSQL state backend needs STACKYARD_TEST_POSTGRES_URL; scripts/test.sh starts a server and sets it.',
    );
  }
  const database = `pulumi_state_${path
    .basename(workDir)
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()}`;
  await withClient(adminUrl, c => c.query(`CREATE DATABASE "${database}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  if (!url.searchParams.has('sslmode')) {
    url.searchParams.set('sslmode', 'disable');
  }
  return {
    kind: 'postgres',
    url: url.toString(),
    passphrase,
    workDir,
    pulumiHome,
    dispose: async () => {
      await withClient(adminUrl, c =>
        c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
      );
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
