import { Knex } from 'knex';
import { chunks } from './stackRows';

/** The template a stack was created from, by its tags. */
export interface StackTemplate {
  template: string;
  version?: string;
}

/**
 * Sets the template columns of `pulumi_stacks` of one backend to what the stacks' tags say: a stack
 * without the tag has none. Only rows that change are written.
 */
export async function setStackTemplates(
  db: Knex,
  backendId: string,
  templates: Record<string, StackTemplate>,
): Promise<void> {
  await db.transaction(async tx => {
    const rows: Array<{
      stack_ref: string;
      template: string | null;
      template_version: string | null;
    }> = await tx('pulumi_stacks')
      .where({ backend_id: backendId })
      .select('stack_ref', 'template', 'template_version');
    const changed = new Map<
      string,
      { t: StackTemplate | null; refs: string[] }
    >();
    for (const row of rows) {
      const want = templates[row.stack_ref] ?? null;
      if (
        (want?.template ?? null) === row.template &&
        (want?.version ?? null) === row.template_version
      ) {
        continue;
      }
      const key = JSON.stringify(want);
      const entry = changed.get(key) ?? { t: want, refs: [] };
      entry.refs.push(row.stack_ref);
      changed.set(key, entry);
    }
    for (const { t, refs } of changed.values()) {
      for (const chunk of chunks(refs)) {
        await tx('pulumi_stacks')
          .whereIn('stack_ref', chunk)
          .update({
            template: t?.template ?? null,
            template_version: t?.version ?? null,
          });
      }
    }
  });
}
