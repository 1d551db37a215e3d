import {
  FINISHED_RUN_STATUSES,
  PulumiRun,
  PulumiRunEvent,
  PulumiRunEventType,
  PulumiRunStatus,
  READ_ONLY_RUN_KINDS,
} from '@stackyard/plugin-pulumi-common';
import { Knex } from 'knex';
import { selectRunsWithApprovals } from './approvalRows';
import { insertRun } from './insertRun';
import { appliedByOwner, RunApprovals } from './runApprovals';
import {
  ApprovalDecision,
  NewRun,
  RunOutcome,
  RunStore,
  SavedPlan,
  SubmittedPlan,
} from './RunStore';
import { RunRow, toRun } from './runRows';
import { toIso } from './util';
import { RunSignals } from './runSignals';

/** The statuses of a run that holds its stack. */
const ACTIVE: PulumiRunStatus[] = ['queued', 'running', 'awaiting_approval'];
const FINISHED = FINISHED_RUN_STATUSES;

/** The ids of the runs that finished before `before`, as a subquery: those the history purge removes. */
export function finishedRunsBefore(
  db: Knex,
  before: string,
): Knex.QueryBuilder {
  return db('pulumi_runs')
    .select('id')
    .whereIn('status', FINISHED)
    .andWhere('finished_at', '<', before);
}
/** How often a read-only run is requeued after its process died, before it fails. */
const MAX_ATTEMPTS = 3;

/** Runs and their events in the plugin's database. */
export class DatabaseRunStore implements RunStore {
  private readonly signals = new RunSignals();
  private readonly approvals: RunApprovals;

  /** The store over a migrated database: see {@link createStores}. */
  constructor(private readonly db: Knex) {
    this.approvals = new RunApprovals(db, {
      getRun: id => this.getRun(id),
      announce: run =>
        this.appendEvents(run.id, [{ type: 'status', payload: run }]),
    });
  }

  async createRun(run: NewRun): Promise<PulumiRun> {
    return this.created(
      await insertRun(this.db, run, 'queued', async (tx, id) => {
        if (run.approval) await this.approvals.create(tx, id);
      }),
    );
  }

  async submitPlan(run: NewRun, plan: SubmittedPlan): Promise<PulumiRun> {
    return this.created(
      await insertRun(this.db, run, 'awaiting_approval', (tx, id) =>
        this.approvals.createPending(tx, id, plan),
      ),
    );
  }

  private async created(runId: string): Promise<PulumiRun> {
    const run = (await this.getRun(runId))!;
    await this.appendEvents(run.id, [{ type: 'status', payload: run }]);
    return run;
  }

  async claimNextRun(
    owner: string,
    leaseMs: number,
  ): Promise<PulumiRun | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const candidate: { id: string } | undefined = await this.db(
        'pulumi_runs as r',
      )
        .where('r.status', 'queued')
        .whereNotExists(
          this.db('pulumi_runs as busy')
            .select(this.db.raw('1'))
            .whereRaw('busy.stack_ref = r.stack_ref')
            .where('busy.status', 'running'),
        )
        .orderBy('r.created_at')
        .first('r.id');
      if (!candidate) {
        return undefined;
      }
      const now = new Date();
      const claimed = await this.db('pulumi_runs')
        .where({ id: candidate.id, status: 'queued' })
        .update({
          status: 'running',
          lease_owner: owner,
          lease_expires_at: new Date(now.getTime() + leaseMs).toISOString(),
          started_at: now.toISOString(),
        });
      if (claimed === 1) {
        const run = (await this.getRun(candidate.id))!;
        await this.appendEvents(run.id, [{ type: 'status', payload: run }]);
        return run;
      }
      // Another replica took it first; look again.
    }
    return undefined;
  }

  async renewLease(
    runId: string,
    owner: string,
    leaseMs: number,
  ): Promise<{ owned: boolean; cancelRequested: boolean }> {
    const updated = await this.db('pulumi_runs')
      .where({ id: runId, lease_owner: owner, status: 'running' })
      .update({
        lease_expires_at: new Date(Date.now() + leaseMs).toISOString(),
      });
    const row: RunRow | undefined = await this.db('pulumi_runs')
      .where({ id: runId })
      .first();
    return {
      owned: updated === 1,
      cancelRequested: Boolean(row?.cancel_requested),
    };
  }

  async appendEvents(
    runId: string,
    events: Array<{ type: PulumiRunEventType; payload: unknown }>,
  ): Promise<void> {
    if (events.length === 0) {
      return;
    }
    // The worker that holds the lease is nearly always the only writer; a rare concurrent writer
    // (a cancel of a queued run, the reaper) retries on the primary key.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.db.transaction(async tx => {
          const last = await tx('pulumi_run_events')
            .where({ run_id: runId })
            .max('seq as seq')
            .first();
          const start = Number(last?.seq ?? 0) + 1;
          const createdAt = new Date().toISOString();
          const rows = events.map((e, i) => ({
            run_id: runId,
            seq: start + i,
            type: e.type,
            payload: JSON.stringify(e.payload),
            created_at: createdAt,
          }));
          for (let i = 0; i < rows.length; i += 100) {
            await tx('pulumi_run_events').insert(rows.slice(i, i + 100));
          }
        });
        this.signals.notify(runId);
        return;
      } catch (error) {
        if (attempt >= 3) {
          throw error;
        }
      }
    }
  }

  async setProgress(runId: string, done: number, total?: number) {
    await this.db('pulumi_runs')
      .where({ id: runId })
      .update({ resources_done: done, resources_total: total ?? null });
  }

  async finishRun(
    runId: string,
    outcome: RunOutcome,
  ): Promise<PulumiRun | undefined> {
    const updated = await this.db('pulumi_runs')
      .where({ id: runId })
      .whereIn('status', ACTIVE)
      .modify(q => {
        if (outcome.owner) q.where('lease_owner', outcome.owner);
      })
      .update({
        status: outcome.status,
        change_summary: outcome.changeSummary
          ? JSON.stringify(outcome.changeSummary)
          : null,
        error: outcome.error ?? null,
        finished_at: new Date().toISOString(),
        lock_key: null,
        lease_owner: null,
        lease_expires_at: null,
      });
    if (updated === 0) {
      return undefined;
    }
    if (outcome.planRefused) await this.approvals.markRefused(runId);
    const run = await this.getRun(runId);
    if (run) {
      await this.appendEvents(runId, [{ type: 'status', payload: run }]);
    }
    return run;
  }

  awaitApproval(runId: string, saved: SavedPlan) {
    return this.approvals.await(runId, saved);
  }

  decideApproval(runId: string, decision: ApprovalDecision) {
    return this.approvals.decide(runId, decision);
  }

  reportResult(
    runId: string,
    appliedBy: string,
    outcome: Omit<RunOutcome, 'owner'>,
  ) {
    return this.finishRun(runId, {
      ...outcome,
      owner: appliedByOwner(appliedBy),
    });
  }

  expireApprovals(now: Date) {
    return this.approvals.expire(now);
  }

  getApprovedPlan(runId: string) {
    return this.approvals.approvedPlan(runId);
  }

  async requestCancel(runId: string): Promise<PulumiRun | undefined> {
    const cancelledQueued = await this.db('pulumi_runs')
      .where({ id: runId })
      .whereIn('status', ['queued', 'awaiting_approval'])
      .update({ cancel_requested: true });
    if (cancelledQueued === 1) {
      return this.finishRun(runId, {
        status: 'cancelled',
        error: 'Cancelled before it started',
      });
    }
    await this.db('pulumi_runs')
      .where({ id: runId, status: 'running' })
      .update({ cancel_requested: true });
    return this.getRun(runId);
  }

  async reapExpiredRuns(
    reason: string,
  ): Promise<{ failed: PulumiRun[]; requeued: PulumiRun[] }> {
    const expired: RunRow[] = await this.db('pulumi_runs')
      .where('status', 'running')
      .andWhere(q =>
        q
          .whereNull('lease_expires_at')
          .orWhere('lease_expires_at', '<', new Date().toISOString()),
      );
    const failed: PulumiRun[] = [];
    const requeued: PulumiRun[] = [];
    for (const row of expired) {
      if (
        READ_ONLY_RUN_KINDS.includes(row.kind) &&
        Number(row.attempts ?? 0) < MAX_ATTEMPTS &&
        !row.cancel_requested
      ) {
        // Conditional on the lease it found, so that of several replicas reaping at once one wins.
        const updated = await this.db('pulumi_runs')
          .where({
            id: row.id,
            status: 'running',
            lease_owner: row.lease_owner,
          })
          .update({
            status: 'queued',
            lease_owner: null,
            lease_expires_at: null,
            started_at: null,
            resources_done: 0,
            resources_total: null,
            attempts: Number(row.attempts ?? 0) + 1,
          });
        if (updated === 1) {
          const run = (await this.getRun(row.id))!;
          await this.appendEvents(run.id, [{ type: 'status', payload: run }]);
          requeued.push(run);
        }
        continue;
      }
      const run = await this.finishRun(row.id, {
        status: 'failed',
        error: reason,
      });
      if (run) failed.push(run);
    }
    return { failed, requeued };
  }

  async deleteFinishedBefore(cutoff: Date): Promise<number> {
    const before = cutoff.toISOString();
    // Explicitly, rather than by cascade: SQLite enforces foreign keys only when told to.
    for (const table of ['pulumi_run_events', 'pulumi_run_approvals']) {
      await this.db(table)
        .whereIn('run_id', finishedRunsBefore(this.db, before))
        .delete();
    }
    return this.db('pulumi_runs')
      .whereIn('status', FINISHED)
      .andWhere('finished_at', '<', before)
      .delete();
  }

  async hasActiveRun(
    stackRef: string,
    kinds: readonly string[],
  ): Promise<boolean> {
    const row = await this.db('pulumi_runs')
      .where({ stack_ref: stackRef })
      .whereIn('status', ACTIVE)
      .whereIn('kind', kinds)
      .first('id');
    return Boolean(row);
  }

  async getRun(runId: string): Promise<PulumiRun | undefined> {
    const row: RunRow | undefined = await selectRunsWithApprovals(this.db)
      .where('r.id', runId)
      .first();
    return row ? toRun(row) : undefined;
  }

  async listRuns(stackRef: string, limit: number): Promise<PulumiRun[]> {
    const rows: RunRow[] = await selectRunsWithApprovals(this.db)
      .where('r.stack_ref', stackRef)
      .orderBy('r.created_at', 'desc')
      .limit(limit);
    return rows.map(toRun);
  }

  waitForEvents(runId: string, timeoutMs: number): Promise<void> {
    return this.signals.wait(runId, timeoutMs);
  }

  async listEvents(
    runId: string,
    afterSeq: number,
    limit: number,
  ): Promise<PulumiRunEvent[]> {
    const rows: Array<{
      seq: number;
      type: PulumiRunEventType;
      payload: string;
      created_at: unknown;
    }> = await this.db('pulumi_run_events')
      .where({ run_id: runId })
      .andWhere('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit);
    return rows.map(r => ({
      seq: r.seq,
      type: r.type,
      payload: JSON.parse(r.payload),
      createdAt: toIso(r.created_at)!,
    }));
  }
}
