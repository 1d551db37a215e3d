import type {
  PulumiRun,
  PulumiRunStatus,
} from '@stackyard/plugin-pulumi-common';
import { ApprovalColumns, toApproval } from './approvalRows';
import { parseJson, toIso } from './util';

/** A row of `pulumi_runs`. */
export type RunRow = {
  id: string;
  stack_ref: string;
  backend_id: string;
  project: string;
  stack: string;
  kind: PulumiRun['kind'];
  status: PulumiRunStatus;
  requested_by: string;
  options: string;
  lock_key: string | null;
  lease_owner: string | null;
  lease_expires_at: unknown;
  cancel_requested: boolean | number;
  resources_done: number;
  resources_total: number | null;
  change_summary: string | null;
  error: string | null;
  attempts?: number;
  created_at: unknown;
  started_at: unknown;
  finished_at: unknown;
} & Partial<ApprovalColumns>;

/** A run of the API from its row. */
export function toRun(row: RunRow): PulumiRun {
  const options = parseJson<{
    targets?: string[];
    remediation?: 'accept' | 'restore';
  }>(row.options, {});
  const approval = toApproval(row);
  return {
    id: row.id,
    stackRef: row.stack_ref,
    backendId: row.backend_id,
    project: row.project,
    stack: row.stack,
    kind: row.kind,
    status: row.status,
    requestedBy: row.requested_by,
    ...(options.targets ? { targets: options.targets } : {}),
    ...(options.remediation ? { remediation: options.remediation } : {}),
    createdAt: toIso(row.created_at)!,
    startedAt: toIso(row.started_at),
    finishedAt: toIso(row.finished_at),
    cancelRequested: Boolean(row.cancel_requested),
    progress: {
      done: row.resources_done,
      ...(row.resources_total !== null ? { total: row.resources_total } : {}),
    },
    changeSummary: row.change_summary
      ? parseJson(row.change_summary, {})
      : undefined,
    error: row.error ?? undefined,
    ...(approval ? { approval } : {}),
  };
}
