import type {
  PulumiPlannedStep,
  PulumiRunApproval,
} from '@stackyard/plugin-pulumi-common';
import { Knex } from 'knex';
import { parseJson, toIso } from './util';

/** The columns of `pulumi_run_approvals` that a run carries, the plan aside, as `toRun` reads them. */
export type ApprovalColumns = {
  approval_state: PulumiRunApproval['state'] | null;
  approval_steps: string | null;
  approval_change_summary: string | null;
  approval_planned_at: unknown;
  approval_expires_at: unknown;
  approval_decided_by: string | null;
  approval_decided_at: unknown;
  approval_comment: string | null;
  approval_plan_refused: boolean | number | null;
  approval_applied_by: string | null;
};

/**
 * Selects each run with its approval, if it has one, from `pulumi_runs as r`: every column but the plan,
 * which only the worker that applies it reads.
 */
export function selectRunsWithApprovals(db: Knex): Knex.QueryBuilder {
  return db('pulumi_runs as r')
    .leftJoin('pulumi_run_approvals as a', 'a.run_id', 'r.id')
    .select(
      'r.*',
      'a.state as approval_state',
      'a.steps as approval_steps',
      'a.change_summary as approval_change_summary',
      'a.planned_at as approval_planned_at',
      'a.expires_at as approval_expires_at',
      'a.decided_by as approval_decided_by',
      'a.decided_at as approval_decided_at',
      'a.comment as approval_comment',
      'a.plan_refused as approval_plan_refused',
      'a.applied_by as approval_applied_by',
    );
}

/** The approval of a run from its row, or undefined for a run that needs none. */
export function toApproval(
  row: Partial<ApprovalColumns>,
): PulumiRunApproval | undefined {
  if (!row.approval_state) return undefined;
  const optional = {
    plannedAt: toIso(row.approval_planned_at),
    expiresAt: toIso(row.approval_expires_at),
    decidedBy: row.approval_decided_by ?? undefined,
    decidedAt: toIso(row.approval_decided_at),
    comment: row.approval_comment ?? undefined,
    steps: row.approval_steps
      ? parseJson<PulumiPlannedStep[]>(row.approval_steps, [])
      : undefined,
    changeSummary: row.approval_change_summary
      ? parseJson<Record<string, number>>(row.approval_change_summary, {})
      : undefined,
    planRefused: row.approval_plan_refused ? true : undefined,
    appliedBy: row.approval_applied_by ?? undefined,
  };
  return {
    state: row.approval_state,
    ...Object.fromEntries(
      Object.entries(optional).filter(([, v]) => v !== undefined),
    ),
  };
}
