import { DriftStatus } from '@stackyard/plugin-pulumi-common';
import { Knex } from 'knex';
import { toIso } from './util';

// The drift columns of `pulumi_stacks`: each stack's status, its period and next scheduled check, and its
// last manual check. The stack store owns the table; it writes them through these.

/** Sets a stack's drift status as of a check, in the check's transaction; returns the status it had. */
export async function writeDriftStatus(
  tx: Knex,
  stackRef: string,
  status: DriftStatus,
  checkedAt: string,
): Promise<DriftStatus> {
  const stack: { drift_status: DriftStatus } | undefined = await tx(
    'pulumi_stacks',
  )
    .where({ stack_ref: stackRef })
    .first('drift_status');
  await tx('pulumi_stacks')
    .where({ stack_ref: stackRef })
    .update({ drift_status: status, drift_checked_at: checkedAt });
  return stack?.drift_status ?? 'unknown';
}

export async function setDriftIntervals(
  db: Knex,
  backendId: string,
  intervals: Record<string, number>,
  now: Date = new Date(),
): Promise<void> {
  await db.transaction(async tx => {
    const rows: Array<{
      stack_ref: string;
      drift_interval_seconds: number | null;
      drift_next_check_at: string | Date | null;
    }> = await tx('pulumi_stacks')
      .where({ backend_id: backendId })
      .select('stack_ref', 'drift_interval_seconds', 'drift_next_check_at');
    for (const row of rows) {
      const want = intervals[row.stack_ref] ?? null;
      const have =
        row.drift_interval_seconds === null
          ? null
          : Number(row.drift_interval_seconds);
      if (want === have) continue;
      const update: Record<string, unknown> = {
        drift_interval_seconds: want,
      };
      // A shorter period applies at once: the next check moves up to at most one new period from now.
      const soonest = now.getTime() + (want ?? 0) * 1000;
      if (
        want &&
        row.drift_next_check_at &&
        new Date(row.drift_next_check_at).getTime() > soonest
      ) {
        update.drift_next_check_at = new Date(soonest).toISOString();
      }
      await tx('pulumi_stacks')
        .where({ stack_ref: row.stack_ref })
        .update(update);
    }
  });
}

export async function claimDueDriftChecks(
  db: Knex,
  options: {
    now: Date;
    periodMs: number;
    limit: number;
  },
): Promise<string[]> {
  const now = options.now.toISOString();
  const due: Array<{
    stack_ref: string;
    drift_interval_seconds: number | null;
  }> = await db('pulumi_stacks')
    .where(q =>
      q
        .whereNull('drift_next_check_at')
        .orWhere('drift_next_check_at', '<=', now),
    )
    .andWhere(q =>
      q
        .whereNull('drift_interval_seconds')
        .orWhere('drift_interval_seconds', '>', 0),
    )
    .orderBy('drift_next_check_at')
    .limit(options.limit)
    .select('stack_ref', 'drift_interval_seconds');
  const claimed: string[] = [];
  for (const row of due) {
    // A stack's own period, from its tag, else the configured one.
    const periodMs = row.drift_interval_seconds
      ? Number(row.drift_interval_seconds) * 1000
      : options.periodMs;
    const updated = await db('pulumi_stacks')
      .where({ stack_ref: row.stack_ref })
      .andWhere(q =>
        q
          .whereNull('drift_next_check_at')
          .orWhere('drift_next_check_at', '<=', now),
      )
      .update({
        drift_next_check_at: new Date(
          options.now.getTime() + periodMs,
        ).toISOString(),
      });
    if (updated === 1) claimed.push(row.stack_ref);
  }
  return claimed;
}

export async function requestManualDriftCheck(
  db: Knex,
  stackRef: string,
  now: Date,
  minIntervalMs: number,
): Promise<{ accepted: boolean; retryAfterSeconds?: number }> {
  const threshold = new Date(now.getTime() - minIntervalMs).toISOString();
  const updated = await db('pulumi_stacks')
    .where({ stack_ref: stackRef })
    .andWhere(q =>
      q
        .whereNull('drift_check_requested_at')
        .orWhere('drift_check_requested_at', '<=', threshold),
    )
    .update({ drift_check_requested_at: now.toISOString() });
  if (updated === 1) {
    return { accepted: true };
  }
  const row: { drift_check_requested_at: unknown } | undefined = await db(
    'pulumi_stacks',
  )
    .where({ stack_ref: stackRef })
    .first('drift_check_requested_at');
  const last =
    Date.parse(toIso(row?.drift_check_requested_at) ?? '') || now.getTime();
  return {
    accepted: false,
    retryAfterSeconds: Math.max(
      1,
      Math.ceil((last + minIntervalMs - now.getTime()) / 1000),
    ),
  };
}
