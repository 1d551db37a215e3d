import { Knex } from 'knex';
import { chunks, updateByValue } from './stackRows';

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

/**
 * Sets `owner` from the owner tag, else from the first linked entity (by entity ref) with an owner, for
 * the given stacks or, without refs, for every stack; writes only owners that change, one statement
 * per owner.
 */
export async function refreshOwners(tx: Knex, refs?: string[]): Promise<void> {
  if (refs && refs.length === 0) return;
  const stacks: Array<{
    stack_ref: string;
    owner: string | null;
    owner_tag: string | null;
  }> = [];
  const links: Array<{ stack_ref: string; owner_ref: string }> = [];
  for (const chunk of refs ? chunks(refs) : [undefined]) {
    stacks.push(
      ...(await tx('pulumi_stacks')
        .modify(q => {
          if (chunk) q.whereIn('stack_ref', chunk);
        })
        .select('stack_ref', 'owner', 'owner_tag')),
    );
    links.push(
      ...(await tx('pulumi_stack_links')
        .whereNotNull('owner_ref')
        .modify(q => {
          if (chunk) q.whereIn('stack_ref', chunk);
        })
        .orderBy(['stack_ref', 'entity_ref'])
        .select('stack_ref', 'owner_ref')),
    );
  }
  const entityOwner = new Map<string, string>();
  for (const link of links) {
    if (!entityOwner.has(link.stack_ref)) {
      entityOwner.set(link.stack_ref, link.owner_ref);
    }
  }
  const byOwner = new Map<string | null, string[]>();
  for (const stack of stacks) {
    const want = stack.owner_tag ?? entityOwner.get(stack.stack_ref) ?? null;
    if (want === stack.owner) continue;
    byOwner.set(want, [...(byOwner.get(want) ?? []), stack.stack_ref]);
  }
  await updateByValue(tx, 'owner', byOwner);
}
