// The fleet and the user of the read-load benchmark: 10,000 stacks seeded into the app's SQLite by
// plugins/pulumi-backend/bench/seedFleet.ts (as firstPaint.bench.ts seeds them), a sample of which is moved
// to the configured backend `local` so that the stack page's routes accept them, and a guest's token.
import { execFile } from 'node:child_process';
import path from 'node:path';
// A benchmark that Node runs, never part of the app's bundle: Node's own SQLite needs no dependency.
// eslint-disable-next-line no-restricted-imports
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import type { AppInstance } from './appInstance';

const ROOT = path.resolve(__dirname, '../../..');

/** What the seed wrote, as seedFleet.ts prints it. */
export interface Seeded {
  byStatus: Record<string, number>;
  checks: number;
  findings: number;
  ms: number;
}

/** A stack of the sample that the stack page's requests open. */
export interface SampleStack {
  backend: string;
  project: string;
  stack: string;
}

/** Seeds `stacks` stacks of the backend id `bench` into the app's database. */
export async function seedStacks(
  app: AppInstance,
  stacks: number,
): Promise<Seeded> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(ROOT, 'plugins/pulumi-backend/bench/seedFleet.ts'),
      app.pulumiDatabase,
      String(stacks),
    ],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'development' } },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as Seeded;
}

/**
 * Moves every `every`-th seeded stack, with its runs, checks and findings, from the seed's backend id
 * (`bench`, which config does not name, so the API refuses its stack paths) to `local`, the app's
 * configured backend. The fleet keeps its size. The sync would remove them at its next run, as `local`'s
 * state has no such stacks: the benchmark runs the app with the sync an hour apart, after its first run.
 */
export function moveSampleToLocal(
  app: AppInstance,
  every: number,
): SampleStack[] {
  const db = new DatabaseSync(app.pulumiDatabase);
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    const refs = (
      db
        .prepare(
          "SELECT stack_ref FROM pulumi_stacks WHERE backend_id = 'bench' ORDER BY stack_ref",
        )
        .all() as Array<{ stack_ref: string }>
    )
      .map(r => r.stack_ref)
      .filter((_, i) => i % every === 0);
    db.exec('BEGIN IMMEDIATE');
    const moves = [
      "UPDATE pulumi_stacks SET backend_id = 'local', stack_ref = 'local:' || substr(stack_ref, 7) WHERE stack_ref = ?",
      "UPDATE pulumi_runs SET backend_id = 'local', stack_ref = 'local:' || substr(stack_ref, 7) WHERE stack_ref = ?",
      "UPDATE pulumi_drift_checks SET stack_ref = 'local:' || substr(stack_ref, 7) WHERE stack_ref = ?",
      "UPDATE pulumi_drift_findings SET stack_ref = 'local:' || substr(stack_ref, 7) WHERE stack_ref = ?",
    ].map(sql => db.prepare(sql));
    for (const ref of refs) {
      for (const move of moves) move.run(ref);
    }
    db.exec('COMMIT');
    // bench:organization/<project>/<stack>
    return refs.map(ref => {
      const [, project, stack] = ref.slice('bench:'.length).split('/');
      return { backend: 'local', project, stack };
    });
  } finally {
    db.close();
  }
}

/** A guest's Backstage token, as the app's sign-in page gets it. */
export async function guestToken(app: AppInstance): Promise<string> {
  const res = await fetch(`${app.backendUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  }
  const body = (await res.json()) as {
    backstageIdentity?: { token?: string };
  };
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error('guest sign-in returned no token');
  return token;
}
