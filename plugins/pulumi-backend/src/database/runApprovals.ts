import type { PulumiRun } from '@stackyard/plugin-pulumi-common';
import { Knex } from 'knex';
import type { ApprovalDecision, SavedPlan, SubmittedPlan } from './RunStore';

/** What the approvals need of the run store they belong to. */
export interface RunAccess {
  getRun(runId: string): Promise<PulumiRun | undefined>;
  /** Appends the run's `status` event, once its row changed. */
  announce(run: PulumiRun): Promise<void>;
}

/**
 * The approvals part of the run store: `pulumi_run_approvals` rows, and the moves of a run between
 * `running`, `awaiting_approval`, `queued` and the ends that a decision or an expiry makes, each in one
 * transaction with its approval row, conditional on the state it moves from, so that of two replicas (or
 * an approver and the expiry task) only one moves it.
 */
export class RunApprovals {
  constructor(private readonly db: Knex, private readonly runs: RunAccess) {}

  /** The approval row of a new run, in the transaction that inserts it. */
  async create(tx: Knex.Transaction, runId: string): Promise<void> {
    await tx('pulumi_run_approvals').insert({
      run_id: runId,
      state: 'planning',
    });
  }

  /** The pending approval of a run whose plan another plugin saved, in the transaction that inserts it. */
  async createPending(
    tx: Knex.Transaction,
    runId: string,
    submitted: SubmittedPlan,
  ): Promise<void> {
    await tx('pulumi_runs')
      .where({ id: runId })
      .update({ change_summary: JSON.stringify(submitted.changeSummary) });
    await tx('pulumi_run_approvals').insert({
      run_id: runId,
      applied_by: submitted.appliedBy,
      ...pendingPlan(submitted),
    });
  }

  async await(runId: string, saved: SavedPlan): Promise<PulumiRun | undefined> {
    const moved = await this.db.transaction(async tx => {
      const updated = await tx('pulumi_runs')
        .where({ id: runId, status: 'running', lease_owner: saved.owner })
        .update({
          status: 'awaiting_approval',
          lease_owner: null,
          lease_expires_at: null,
          change_summary: JSON.stringify(saved.changeSummary),
        });
      if (updated !== 1) return false;
      await tx('pulumi_run_approvals')
        .where({ run_id: runId })
        .update(pendingPlan(saved));
      return true;
    });
    return moved ? this.announced(runId) : undefined;
  }

  async decide(
    runId: string,
    decision: ApprovalDecision,
  ): Promise<PulumiRun | undefined> {
    const at = decision.at.toISOString();
    const moved = await this.db.transaction(async tx => {
      const updated = await tx('pulumi_runs')
        .where({ id: runId, status: 'awaiting_approval' })
        .whereExists(
          tx('pulumi_run_approvals')
            .select(tx.raw('1'))
            .where({ run_id: runId, state: 'pending' })
            .andWhere('expires_at', '>', at),
        )
        .update(
          decision.approved
            ? await this.approvedRun(tx, runId, decision)
            : this.ended('rejected', at, 'The plan was rejected'),
        );
      if (updated !== 1) return false;
      await tx('pulumi_run_approvals')
        .where({ run_id: runId })
        .update({
          state: decision.approved ? 'approved' : 'rejected',
          decided_by: decision.decidedBy,
          decided_at: at,
          comment: decision.comment ?? null,
        });
      return true;
    });
    return moved ? this.announced(runId) : undefined;
  }

  async expire(now: Date): Promise<PulumiRun[]> {
    const at = now.toISOString();
    const due: Array<{ id: string }> = await this.db('pulumi_runs as r')
      .join('pulumi_run_approvals as a', 'a.run_id', 'r.id')
      .where({ 'r.status': 'awaiting_approval', 'a.state': 'pending' })
      .andWhere('a.expires_at', '<=', at)
      .select('r.id');
    const expired: PulumiRun[] = [];
    for (const { id: runId } of due) {
      const moved = await this.db.transaction(async tx => {
        const updated = await tx('pulumi_runs')
          .where({ id: runId, status: 'awaiting_approval' })
          .update(
            this.ended(
              'expired',
              at,
              'No one decided on the plan before it expired',
            ),
          );
        if (updated !== 1) return false;
        await tx('pulumi_run_approvals')
          .where({ run_id: runId })
          .update({ state: 'expired' });
        return true;
      });
      const run = moved ? await this.announced(runId) : undefined;
      if (run) expired.push(run);
    }
    return expired;
  }

  async approvedPlan(runId: string): Promise<string | undefined> {
    const row: { plan: string | null } | undefined = await this.db(
      'pulumi_run_approvals',
    )
      .where({ run_id: runId, state: 'approved' })
      .first('plan');
    return row?.plan ?? undefined;
  }

  /** Marks that the engine refused a run's approved plan. */
  async markRefused(runId: string): Promise<void> {
    await this.db('pulumi_run_approvals')
      .where({ run_id: runId })
      .update({ plan_refused: true });
  }

  /**
   * What approval makes of a run: queued again, for the worker to apply its plan; or, when another plugin
   * applies it, running under that plugin's name until it reports the result or `applyBy` passes, when
   * the reaper ends it as failed.
   */
  private async approvedRun(
    tx: Knex.Transaction,
    runId: string,
    decision: ApprovalDecision,
  ) {
    const row: { applied_by: string | null } | undefined = await tx(
      'pulumi_run_approvals',
    )
      .where({ run_id: runId })
      .first('applied_by');
    const progress = { resources_done: 0, resources_total: null };
    if (!row?.applied_by) return { status: 'queued', ...progress };
    return {
      status: 'running',
      ...progress,
      lease_owner: appliedByOwner(row.applied_by),
      lease_expires_at: decision.applyBy.toISOString(),
      started_at: decision.at.toISOString(),
    };
  }

  private ended(status: 'rejected' | 'expired', at: string, error: string) {
    return { status, error, finished_at: at, lock_key: null };
  }

  private async announced(runId: string): Promise<PulumiRun | undefined> {
    const run = await this.runs.getRun(runId);
    if (run) await this.runs.announce(run);
    return run;
  }
}

/** The lease owner of a run whose approved plan the plugin `appliedBy` applies. */
export function appliedByOwner(appliedBy: string): string {
  return `applied-by:${appliedBy}`;
}

function pendingPlan(saved: Omit<SavedPlan, 'owner'>) {
  return {
    state: 'pending',
    plan: saved.plan,
    steps: JSON.stringify(saved.steps),
    change_summary: JSON.stringify(saved.changeSummary),
    planned_at: new Date().toISOString(),
    expires_at: saved.expiresAt.toISOString(),
  };
}
