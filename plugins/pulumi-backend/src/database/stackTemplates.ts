import { Knex } from 'knex';
import { updateByValue } from './stackRows';

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
  wanted: Record<string, StackTemplate>,
): Promise<void> {
  await db.transaction(async tx => {
    const rows: Array<{
      stack_ref: string;
      template: string | null;
      template_version: string | null;
    }> = await tx('pulumi_stacks')
      .where({ backend_id: backendId })
      .select('stack_ref', 'template', 'template_version');
    const templates = new Map<string | null, string[]>();
    const versions = new Map<string | null, string[]>();
    const add = (map: typeof templates, value: string | null, ref: string) => {
      const refs = map.get(value);
      if (refs) refs.push(ref);
      else map.set(value, [ref]);
    };
    for (const row of rows) {
      const want = wanted[row.stack_ref];
      const template = want?.template ?? null;
      const version = want?.version ?? null;
      if (template !== row.template) add(templates, template, row.stack_ref);
      if (version !== row.template_version)
        add(versions, version, row.stack_ref);
    }
    await updateByValue(tx, 'template', templates);
    await updateByValue(tx, 'template_version', versions);
  });
}
