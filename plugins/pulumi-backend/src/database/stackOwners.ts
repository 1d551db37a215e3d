import { Knex } from 'knex';

// The one definition of a stack's owners, for the owner filter of the stack list, the IS_STACK_OWNER
// permission rule and drift notifications: the owner that its owner tag names (`owner_tag`, as the sync
// records it from the configured tag), and the owner of every catalog entity linked to it. Owners are
// lowercase entity refs. A tag takes effect at the next sync of the backend, without waiting for the
// catalog.

const lower = (refs: string[]) => refs.map(r => r.toLocaleLowerCase('en-US'));

/** Narrows `query`, on `pulumi_stacks`, to the stacks that any of `owners` owns. */
export function whereOwnedBy(
  db: Knex,
  query: Knex.QueryBuilder,
  owners: string[],
): void {
  const refs = lower(owners);
  query.where(q =>
    q
      .whereIn('owner_tag', refs)
      .orWhereIn(
        'stack_ref',
        db('pulumi_stack_links').select('stack_ref').whereIn('owner_ref', refs),
      ),
  );
}

/** The owners of each of the given stacks, by stack ref; a stack without owners has an empty list. */
export async function ownersOf(
  db: Knex,
  stackRefs: string[],
): Promise<Map<string, string[]>> {
  const owners = new Map<string, Set<string>>(
    stackRefs.map(ref => [ref, new Set()]),
  );
  const tags: Array<{ stack_ref: string; owner_tag: string | null }> = await db(
    'pulumi_stacks',
  )
    .whereIn('stack_ref', stackRefs)
    .whereNotNull('owner_tag')
    .select('stack_ref', 'owner_tag');
  const links: Array<{ stack_ref: string; owner_ref: string | null }> =
    await db('pulumi_stack_links')
      .whereIn('stack_ref', stackRefs)
      .whereNotNull('owner_ref')
      .orderBy(['stack_ref', 'entity_ref'])
      .select('stack_ref', 'owner_ref');
  for (const { stack_ref, owner_tag } of tags) {
    owners.get(stack_ref)?.add(owner_tag!);
  }
  for (const { stack_ref, owner_ref } of links) {
    owners.get(stack_ref)?.add(owner_ref!);
  }
  return new Map([...owners].map(([ref, set]) => [ref, [...set]]));
}
