import { ConflictError } from '@backstage/errors';
import { MUTATING_RUN_KINDS } from '@stackyard/plugin-pulumi-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { NewRun } from './RunStore';
import type { RunRow } from './runRows';

/**
 * Inserts a run's row as `status`, with what goes `alongside` it in the same transaction, and returns its
 * id. A second mutating run of a stack is refused with a ConflictError that names the run holding it.
 */
export async function insertRun(
  db: Knex,
  run: NewRun,
  status: 'queued' | 'awaiting_approval',
  alongside: (tx: Knex.Transaction, runId: string) => Promise<void>,
): Promise<string> {
  const mutating = MUTATING_RUN_KINDS.includes(run.kind);
  const row = {
    id: randomUUID(),
    stack_ref: run.stackRef,
    backend_id: run.backendId,
    project: run.project,
    stack: run.stack,
    kind: run.kind,
    status,
    requested_by: run.requestedBy,
    options: JSON.stringify({
      ...(run.targets ? { targets: run.targets } : {}),
      ...(run.remediation ? { remediation: run.remediation } : {}),
    }),
    // The unique lock_key is what keeps a second mutating run of a stack out, on every replica.
    lock_key: mutating ? run.stackRef : null,
    created_at: new Date().toISOString(),
  };
  try {
    await db.transaction(async tx => {
      await tx('pulumi_runs').insert(row);
      await alongside(tx, row.id);
    });
  } catch (error) {
    throw await whyNotInserted(db, run, error);
  }
  return row.id;
}

async function whyNotInserted(
  db: Knex,
  run: NewRun,
  error: unknown,
): Promise<unknown> {
  const holder: RunRow | undefined = MUTATING_RUN_KINDS.includes(run.kind)
    ? await db('pulumi_runs').where({ lock_key: run.stackRef }).first()
    : undefined;
  return holder
    ? new ConflictError(
        `The stack ${run.stackRef} already has a ${holder.kind} run ${holder.id} that is ${holder.status}; wait for it to end or cancel it`,
      )
    : error;
}
