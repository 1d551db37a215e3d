import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import type { PulumiStackPermissionQuery } from '@stackyard/plugin-pulumi-node';
import { Knex } from 'knex';
import { whereOwnedBy } from './stackOwners';

/** Narrows a query on `pulumi_stacks` to the stacks that a conditional decision's criteria allow. */
export function applyPermission(
  db: Knex,
  q: Knex.QueryBuilder,
  criteria: PermissionCriteria<PulumiStackPermissionQuery>,
): void {
  if (isAndCriteria(criteria)) {
    for (const c of criteria.allOf) {
      q.andWhere(sub => applyPermission(db, sub, c));
    }
  } else if (isOrCriteria(criteria)) {
    q.where(outer => {
      for (const c of criteria.anyOf) {
        outer.orWhere(sub => applyPermission(db, sub, c));
      }
    });
  } else if (isNotCriteria(criteria)) {
    q.whereNot(sub => applyPermission(db, sub, criteria.not));
  } else if (criteria.key === 'backendId') {
    q.whereIn('backend_id', criteria.values);
  } else if (criteria.key === 'stackName') {
    const names = criteria.values.map(v => v.toLocaleLowerCase('en-US'));
    if (names.length === 0) q.whereRaw('1 = 0');
    else q.whereRaw(`lower(stack) in (${names.map(() => '?')})`, names);
  } else {
    whereOwnedBy(db, q, criteria.values);
  }
}
