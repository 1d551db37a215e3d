/* eslint-disable no-console */
import knexFactory, { Knex } from 'knex';
import { appendFileSync, readFileSync } from 'node:fs';
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

/**
 * One figure of the summary table that `yarn bench` prints at the end: what was measured, its value, what
 * it is set beside (the raw CLI's figure or the goal) and whether it meets the goal.
 */
export interface BenchFigure {
  /** The goal's id, such as `P1`. */
  id: string;
  name: string;
  value: string;
  /** The raw CLI's figure, or what else the value is compared with. */
  beside: string;
  goal: string;
  /** Whether the value meets the goal; absent for a figure that has none. */
  met?: boolean;
}

/** Adds a figure to the summary table (the file that scripts/bench.sh names), and prints it. */
export function recordFigure(figure: BenchFigure): void {
  console.log(
    `${figure.id} ${figure.name}: ${figure.value} (beside ${
      figure.beside
    }; goal ${figure.goal}: ${figure.met ? 'met' : 'missed'})`,
  );
  const file = process.env.STACKYARD_BENCH_FIGURES;
  if (file) appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

/**
 * The CPU time of this process and of its children that have ended, in seconds, from Linux's
 * /proc/self/stat: a child's own children are in its figure once it has waited for them, so an engine
 * process counts with its language host, program and plugins.
 */
export function cpuSeconds(): { self: number; children: number } {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // The fields after the command name, which may hold spaces, in brackets.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = (i: number) => Number(fields[i - 3]);
  const hz = 100;
  return {
    self: (ticks(14) + ticks(15)) / hz,
    children: (ticks(16) + ticks(17)) / hz,
  };
}

/** A small deterministic generator (mulberry32), so that every run seeds the same fleet and picks the same stacks. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
