import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { pathToFileURL } from 'node:url';
import { StateBackend } from '../engine/stateBackends';
import {
  createObjectStoreBucket,
  ObjectStoreKind,
  testObjectStoreKinds,
} from './objectStoreBackends';

/**
 * The kinds of state backend that the tests run on: a folder, PostgreSQL, and S3, GCS and Azure Blob
 * through their local servers.
 *
 * @public
 */
export type TemporaryBackendKind = 'file' | 'postgres' | ObjectStoreKind;

/**
 * A state backend that exists for one test, with a folder of its own for `PULUMI_HOME` and for files the
 * test's resources manage.
 *
 * @public
 */
export interface TemporaryBackend extends StateBackend {
  kind: TemporaryBackendKind;
  /** A scratch folder that is removed with the backend. */
  workDir: string;
  /** The `PULUMI_HOME` for engine calls against this backend. */
  pulumiHome: string;
  /** Removes the state, the scratch folder, and the database, bucket or container. */
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

/**
 * The kinds of state backend to run the engine tests on: `file` always, and each of the others whose server
 * `scripts/test.sh` started. In strict mode (`STACKYARD_TEST_STRICT`, which `scripts/test.sh` sets) every
 * kind, so that a missing server fails the run rather than skipping its tests.
 *
 * @public
 */
export function testBackendKinds(): TemporaryBackendKind[] {
  const strict = Boolean(process.env.STACKYARD_TEST_STRICT);
  return [
    'file',
    ...(strict || testPostgresUrl() ? ['postgres' as const] : []),
    ...testObjectStoreKinds(),
  ];
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
 * Creates an empty state backend for one test: a folder behind a `file://` URL, a new database on the
 * PostgreSQL server named by `postgresUrl` (by default `STACKYARD_TEST_POSTGRES_URL`), or a new bucket
 * (`s3`, `gcs`) or container (`azblob`) on the local server that `scripts/test.sh` starts, with the
 * credentials and emulator settings that its engine processes need in `env`.
 *
 * @public
 */
export async function createTemporaryBackend(options: {
  kind: TemporaryBackendKind;
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

  if (
    options.kind === 's3' ||
    options.kind === 'gcs' ||
    options.kind === 'azblob'
  ) {
    const bucket = await createObjectStoreBucket(options.kind).catch(
      async error => {
        await rm(workDir, { recursive: true, force: true });
        throw error;
      },
    );
    return {
      kind: options.kind,
      url: bucket.url,
      env: bucket.env,
      passphrase,
      workDir,
      pulumiHome,
      dispose: async () => {
        try {
          await bucket.remove();
        } finally {
          await rm(workDir, { recursive: true, force: true });
        }
      },
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
