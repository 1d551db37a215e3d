import { Knex } from 'knex';
import { applyPermission } from './stackPermissions';
import { whereOwnedBy } from './stackOwners';
import type { StackFilter } from './StackStore';
import { likePattern } from './util';

/** Narrows a query on `pulumi_stacks` to the stacks a list filter keeps, permission criteria included. */
export function applyStackFilter(
  db: Knex,
  query: Knex.QueryBuilder,
  filter: StackFilter,
): void {
  if (filter.backendId) query.where('backend_id', filter.backendId);
  if (filter.project) query.where('project', filter.project);
  if (filter.driftStatus) query.where('drift_status', filter.driftStatus);
  if (filter.owner) {
    whereOwnedBy(db, query, [filter.owner]);
  }
  if (filter.entityRef) {
    query.whereIn(
      'stack_ref',
      db('pulumi_stack_links')
        .select('stack_ref')
        .where('entity_ref', filter.entityRef.toLocaleLowerCase('en-US')),
    );
  }
  if (filter.text) {
    const pattern = likePattern(filter.text);
    query.where(q =>
      q
        .whereRaw(`lower(project) like ? escape '\\'`, [pattern])
        .orWhereRaw(`lower(stack) like ? escape '\\'`, [pattern]),
    );
  }
  if (filter.permission) {
    const criteria = filter.permission;
    query.where(q => applyPermission(db, q, criteria));
  }
}
