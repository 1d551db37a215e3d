/* eslint-disable no-console */
import knexFactory, { Knex } from 'knex';
import { testPostgresUrl } from '@stackyard/plugin-pulumi-node/testUtils';

/** The p-th percentile of some samples, by nearest rank. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/** Runs `fn` with a fresh database on the PostgreSQL server of the test set-up, if there is one. */
export async function withPostgresDatabase(
  fn: (knex: Knex) => Promise<void>,
): Promise<void> {
  const adminUrl = testPostgresUrl();
  if (!adminUrl) {
    console.log('postgres   skipped: STACKYARD_TEST_POSTGRES_URL is not set');
    return;
  }
  const name = `stackyard_bench_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const knex = knexFactory({ client: 'pg', connection: url.toString() });
  try {
    await fn(knex);
  } finally {
    await knex.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.destroy();
  }
}
