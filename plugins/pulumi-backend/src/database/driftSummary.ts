import {
  DRIFT_STATUSES,
  DriftStatus,
  PulumiDriftSummary,
} from '@stackyard/plugin-pulumi-common';
import { Knex } from 'knex';
import { chunks } from './stackRows';
import { toMillis } from './util';

// The drift summary of the dashboard, over every stack or those in scope. It is asked for on every visit,
// so the database does the counting and the selection: counts by status are grouped there, and of the
// checks only those of stacks that drifted in the window (or the lookback before it) reach this process,
// because only they make drifted days and episodes.

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far before the summary's window to look for the start of episodes that end in it. */
const EPISODE_LOOKBACK_MS = 90 * DAY_MS;

/** What {@link summarizeDrift} summarizes: the window, and the stacks in scope (all when undefined). */
export interface DriftSummaryOptions {
  since: Date;
  now: Date;
  stackRefs?: string[];
}

/** A check as the episodes need it. */
type CheckPoint = { stack_ref: string; status: string; checked_at: unknown };

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The scope's refs in chunks, or one pass over every stack. */
function scopeChunks(
  stackRefs: string[] | undefined,
): Array<string[] | undefined> {
  // Each ref once, so that no stack counts twice across chunks.
  return stackRefs ? chunks([...new Set(stackRefs)]) : [undefined];
}

/** The number of stacks by drift status, grouped by the database, over the scope's refs in chunks. */
async function countByStatus(
  db: Knex,
  stackRefs: string[] | undefined,
): Promise<Record<DriftStatus, number>> {
  const counts = Object.fromEntries(DRIFT_STATUSES.map(s => [s, 0])) as Record<
    DriftStatus,
    number
  >;
  for (const refs of scopeChunks(stackRefs)) {
    const rows: Array<{ drift_status: DriftStatus; stacks: number | string }> =
      await db('pulumi_stacks')
        .modify(q => {
          if (refs) q.whereIn('stack_ref', refs);
        })
        .groupBy('drift_status')
        .select('drift_status')
        .count({ stacks: '*' });
    for (const row of rows) counts[row.drift_status] += Number(row.stacks);
  }
  return counts;
}

/**
 * The in-sync and drifted checks since `from` of the stacks in scope that have a drifted one since then,
 * each stack's in time order: a stack without one adds neither drifted days nor episodes.
 */
async function checksOfDriftedStacks(
  db: Knex,
  from: string,
  inScope: Set<string> | undefined,
): Promise<CheckPoint[]> {
  const drifted: string[] = (
    await db('pulumi_drift_checks')
      .where('status', 'drifted')
      .andWhere('checked_at', '>=', from)
      .distinct('stack_ref')
  )
    .map((r: { stack_ref: string }) => r.stack_ref)
    .filter((ref: string) => !inScope || inScope.has(ref))
    // In ref order, as the summary always took them: the mean adds the durations in the same order.
    .sort();
  const rows: CheckPoint[] = [];
  // Each stack's checks are in one chunk, in time order, which is all that episodes() needs.
  for (const refs of chunks(drifted)) {
    rows.push(
      ...(await db('pulumi_drift_checks')
        .whereIn('stack_ref', refs)
        .andWhere('checked_at', '>=', from)
        .whereIn('status', ['in_sync', 'drifted'])
        .orderBy(['stack_ref', 'checked_at'])
        .select('stack_ref', 'status', 'checked_at')),
    );
  }
  return rows;
}

/**
 * The drifted stacks of each day of the window, and the durations of the drift episodes that ended in
 * it (from the first drifted check to the next in-sync one).
 */
function episodes(
  checks: CheckPoint[],
  options: DriftSummaryOptions,
): { driftedPerDay: PulumiDriftSummary['driftedPerDay']; durations: number[] } {
  const sinceMs = options.since.getTime();
  // By UTC day number, which is what the ISO date of a time names.
  const days = new Map<number, { day: string; stacks: Set<string> }>();
  for (let t = sinceMs; t <= options.now.getTime(); t += DAY_MS) {
    days.set(Math.floor(t / DAY_MS), {
      day: new Date(t).toISOString().slice(0, 10),
      stacks: new Set(),
    });
  }
  const durations: number[] = [];
  let current: string | undefined;
  let driftedSince: number | undefined;
  for (const row of checks) {
    if (row.stack_ref !== current) {
      current = row.stack_ref;
      driftedSince = undefined;
    }
    const at = toMillis(row.checked_at);
    if (row.status === 'drifted') {
      driftedSince ??= at;
      if (at >= sinceMs) {
        days.get(Math.floor(at / DAY_MS))?.stacks.add(row.stack_ref);
      }
    } else if (driftedSince !== undefined) {
      if (at >= sinceMs) durations.push((at - driftedSince) / 1000);
      driftedSince = undefined;
    }
  }
  return {
    driftedPerDay: [...days.values()].map(({ day, stacks }) => ({
      day,
      stacks: stacks.size,
    })),
    durations,
  };
}

/** Counts by drift status, drifted stacks per day, time to resolve and the most drifted resource types. */
export async function summarizeDrift(
  db: Knex,
  options: DriftSummaryOptions,
): Promise<PulumiDriftSummary> {
  const inScope = options.stackRefs ? new Set(options.stackRefs) : undefined;
  const counts = await countByStatus(db, options.stackRefs);
  const checks = await checksOfDriftedStacks(
    db,
    new Date(options.since.getTime() - EPISODE_LOOKBACK_MS).toISOString(),
    inScope,
  );
  const { driftedPerDay, durations } = episodes(checks, options);

  const types: Array<{ type: string; findings: number | string }> = await db(
    'pulumi_drift_findings',
  )
    .where('ignored', false)
    .andWhere('checked_at', '>=', options.since.toISOString())
    .modify(q => {
      if (options.stackRefs) q.whereIn('stack_ref', options.stackRefs);
    })
    .groupBy('type')
    .select('type')
    .count({ findings: '*' })
    .orderBy('findings', 'desc')
    .limit(10);

  return {
    counts,
    driftedPerDay,
    timeToResolve: {
      episodes: durations.length,
      ...(durations.length
        ? {
            meanSeconds:
              durations.reduce((a, b) => a + b, 0) / durations.length,
            medianSeconds: median(durations),
          }
        : {}),
    },
    topResourceTypes: types.map(t => ({
      type: t.type,
      findings: Number(t.findings),
    })),
  };
}
