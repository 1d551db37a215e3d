import { InputError } from '@backstage/errors';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { z } from 'zod';
import { templateFolderHash } from './templateVersion';

/** The file of a template folder with the platform team's hand edits to its generated form. */
export const TEMPLATE_EDITS_FILE = 'stackyard.yaml';

const configKeySchema = z.object({
  description: z.string().optional(),
  default: z.unknown().optional(),
  secret: z.boolean().optional(),
});

/** `template` of a Pulumi.yaml, as `pulumi new` reads it. */
const templateSectionSchema = z.object({
  displayName: z.string().optional(),
  description: z.string().optional(),
  config: z.record(z.string(), configKeySchema.nullable()).optional(),
});

const keyEditSchema = z.strictObject({
  title: z.string().min(1).optional(),
  enum: z
    .array(z.union([z.string(), z.number()]))
    .min(1)
    .optional(),
  enumNames: z.array(z.string()).optional(),
  hidden: z.boolean().optional(),
});

/** `stackyard.yaml`: how the generated form differs from what Pulumi.yaml alone gives. */
const editsSchema = z.strictObject({
  version: z.union([z.string().min(1), z.number()]).optional(),
  title: z.string().min(1).optional(),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  order: z.array(z.string()).optional(),
  config: z.record(z.string(), keyEditSchema).optional(),
});

/** One config key of a Pulumi template, with the hand edits to its field. */
export interface TemplateConfigKey {
  key: string;
  description?: string;
  default?: unknown;
  secret: boolean;
  title?: string;
  enum?: Array<string | number>;
  enumNames?: string[];
  hidden: boolean;
}

/** A Pulumi template folder of `pulumi.templates`, read: what its generated Backstage template needs. */
export interface PulumiTemplate {
  /** The name that `pulumi:new` knows it by, in `pulumi.templates`. */
  name: string;
  title: string;
  description: string;
  tags: string[];
  /** The `version` of stackyard.yaml, or else a hash of the folder's files. */
  version: string;
  /** In the order of the form. */
  config: TemplateConfigKey[];
}

/** The first problem zod found, as `field: message`. */
function firstIssue(file: string, prefix: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return field
    ? `${file} ${field}: ${issue.message}`
    : `${file}: ${issue.message}`;
}

async function readYaml(file: string): Promise<unknown> {
  try {
    return yaml.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`${file} is not readable YAML: ${error}`);
  }
}

/** The keys in the order of `order`, then the others in the order Pulumi.yaml gives them. */
function ordered(keys: TemplateConfigKey[], order: string[] = []) {
  const rank = (key: string) =>
    order.includes(key) ? order.indexOf(key) : order.length;
  return keys
    .map((k, i) => ({ k, i }))
    .sort((a, b) => rank(a.k.key) - rank(b.k.key) || a.i - b.i)
    .map(({ k }) => k);
}

function checkEdits(
  file: string,
  edits: z.infer<typeof editsSchema>,
  keys: string[],
) {
  for (const key of [
    ...(edits.order ?? []),
    ...Object.keys(edits.config ?? {}),
  ]) {
    if (!keys.includes(key)) {
      throw new InputError(
        `${file} names the config key '${key}', which template.config of Pulumi.yaml does not have`,
      );
    }
  }
}

/**
 * Reads a Pulumi template folder: its Pulumi.yaml's `template` section, and its optional stackyard.yaml.
 * Undefined for a folder whose Pulumi.yaml has no `template` section, which is a program, not a template.
 * A section or file that is not as expected is an InputError naming the file and field.
 */
export async function readPulumiTemplate(
  name: string,
  dir: string,
): Promise<PulumiTemplate | undefined> {
  const projectFile = path.join(dir, 'Pulumi.yaml');
  const project = (await readYaml(projectFile)) as
    | { description?: unknown; template?: unknown }
    | undefined;
  if (!project?.template) return undefined;
  const section = templateSectionSchema.safeParse(project.template);
  if (!section.success) {
    throw new InputError(firstIssue(projectFile, 'template', section.error));
  }
  const editsFile = path.join(dir, TEMPLATE_EDITS_FILE);
  const parsedEdits = editsSchema.safeParse((await readYaml(editsFile)) ?? {});
  if (!parsedEdits.success) {
    throw new InputError(firstIssue(editsFile, '', parsedEdits.error));
  }
  const edits = parsedEdits.data;
  const entries = Object.entries(section.data.config ?? {});
  checkEdits(
    editsFile,
    edits,
    entries.map(([key]) => key),
  );
  const config = entries.map(([key, value]): TemplateConfigKey => {
    const edit = edits.config?.[key] ?? {};
    if (edit.enumNames && edit.enumNames.length !== (edit.enum?.length ?? -1)) {
      throw new InputError(
        `${editsFile} config.${key}.enumNames: give one name for each of enum's ${
          edit.enum?.length ?? 0
        } choices (YAML reads a comma inside [a, b] as two items; quote such names)`,
      );
    }
    if (edit.hidden && (value?.secret || value?.default === undefined)) {
      throw new InputError(
        `${editsFile} config.${key}.hidden: only a key with a default and no secret can be hidden, for the form gives no value for it`,
      );
    }
    return {
      key,
      description: value?.description,
      default: value?.default,
      secret: value?.secret ?? false,
      title: edit.title,
      enum: edit.enum,
      enumNames: edit.enumNames,
      hidden: edit.hidden ?? false,
    };
  });
  const description =
    typeof project.description === 'string' ? project.description : '';
  return {
    name,
    title: edits.title ?? section.data.displayName ?? name,
    description: edits.description ?? section.data.description ?? description,
    tags: edits.tags ?? [],
    version:
      edits.version !== undefined
        ? String(edits.version)
        : await templateFolderHash(dir),
    config: ordered(config, edits.order),
  };
}
