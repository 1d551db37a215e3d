import {
  DriftStatus,
  PulumiStack,
  PulumiStackResource,
  PulumiStackUpdate,
} from '@stackyard/plugin-pulumi-common';
import type { StackState, UpdateRecord } from '@stackyard/plugin-pulumi-node';
import { Knex } from 'knex';
import { parseJson, toIso } from './util';

/** A row of `pulumi_stacks`. */
export type StackRow = {
  stack_ref: string;
  backend_id: string;
  organization: string;
  project: string;
  stack: string;
  last_update_time: unknown;
  last_update_result: string | null;
  last_update_kind: string | null;
  resource_count: number | null;
  outputs: string | null;
  stack_references: string | null;
  drift_status: DriftStatus;
  drift_checked_at: unknown;
  drift_next_check_at?: unknown;
  drift_interval_seconds?: number | null;
  details_synced_for: unknown;
  synced_at: unknown;
  owner: string | null;
  owner_tag?: string | null;
};

/** How many refs go into one statement's `in` list. */
const CHUNK = 200;

/**
 * Sets `column` of the stacks in each list to the list's value: one statement per value and chunk of
 * refs, not one per stack.
 */
export async function updateByValue(
  tx: Knex,
  column: 'owner' | 'owner_tag',
  refsByValue: Map<string | null, string[]>,
): Promise<void> {
  for (const [value, refs] of refsByValue) {
    for (const chunk of chunks(refs)) {
      await tx('pulumi_stacks')
        .whereIn('stack_ref', chunk)
        .update({ [column]: value });
    }
  }
}

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** A stack of the API from its row and the entities linked to it. */
export function toStack(row: StackRow, entityRefs: string[]): PulumiStack {
  const lastUpdate = toIso(row.last_update_time);
  const driftCheckedAt = toIso(row.drift_checked_at);
  const driftInterval =
    row.drift_interval_seconds === null ||
    row.drift_interval_seconds === undefined
      ? undefined
      : Number(row.drift_interval_seconds);
  const driftNextCheckAt =
    driftInterval === 0 ? undefined : toIso(row.drift_next_check_at);
  return {
    ref: row.stack_ref,
    backendId: row.backend_id,
    organization: row.organization,
    project: row.project,
    stack: row.stack,
    ...(lastUpdate
      ? {
          lastUpdate: {
            time: lastUpdate,
            result: row.last_update_result ?? undefined,
            kind: row.last_update_kind ?? undefined,
          },
        }
      : {}),
    resourceCount: row.resource_count ?? undefined,
    driftStatus: row.drift_status,
    ...(driftCheckedAt ? { driftCheckedAt } : {}),
    ...(driftNextCheckAt ? { driftNextCheckAt } : {}),
    ...(driftInterval !== undefined
      ? { driftIntervalSeconds: driftInterval }
      : {}),
    entityRefs: [...entityRefs].sort(),
    ...(row.owner ? { owner: row.owner } : {}),
    syncedAt: toIso(row.synced_at)!,
  };
}

/** A resource of the API from its row of `pulumi_stack_resources`. */
export function toResource(r: any): PulumiStackResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: Boolean(r.custom),
    id: r.resource_id ?? undefined,
    parent: r.parent ?? undefined,
    provider: r.provider_urn
      ? {
          urn: r.provider_urn,
          package: r.provider_package ?? undefined,
          version: r.provider_version ?? undefined,
        }
      : undefined,
    created: r.created ?? undefined,
    modified: r.modified ?? undefined,
  };
}

/** An update of the API from its row of `pulumi_stack_updates`. */
export function toUpdate(r: any): PulumiStackUpdate {
  return {
    version: r.version ?? undefined,
    kind: r.kind,
    result: r.result,
    startTime: r.start_time,
    endTime: r.end_time ?? undefined,
    message: r.message ?? undefined,
    resourceChanges: parseJson(r.resource_changes, {}),
  };
}

/** The rows of `pulumi_stack_resources` for a stack's state, in its order. */
export function resourceRows(stackRef: string, state: StackState) {
  return state.resources.map((r, ordinal) => ({
    stack_ref: stackRef,
    ordinal,
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    resource_id: r.id ?? null,
    parent: r.parent ?? null,
    provider_urn: r.provider?.urn ?? null,
    provider_package: r.provider?.package ?? null,
    provider_version: r.provider?.version ?? null,
    created: r.created ?? null,
    modified: r.modified ?? null,
  }));
}

/** The rows of `pulumi_stack_updates` for a stack's history, newest first. */
export function updateRows(stackRef: string, history: UpdateRecord[]) {
  return history.map((u, ordinal) => ({
    stack_ref: stackRef,
    ordinal,
    version: u.version ?? null,
    kind: u.kind,
    result: u.result,
    start_time: u.startTime,
    end_time: u.endTime ?? null,
    message: u.message ?? null,
    resource_changes: JSON.stringify(u.resourceChanges),
  }));
}
