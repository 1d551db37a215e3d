import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PULUMI_NAME_PATTERN } from '@stackyard/plugin-pulumi-common';
import { readEnvConfig } from './configEnv';

/**
 * A Pulumi project folder whose program Stackyard can run for `preview` and `up`.
 *
 * @public
 */
export interface ProjectFolder {
  /** The absolute path of the folder. */
  dir: string;
  /** The project's `name` from its `Pulumi.yaml`. */
  name: string;
  /**
   * The language host that runs the program, in a process of its own: `nodejs` (JavaScript, ESM or
   * TypeScript, with the project's own `node_modules`), `python` (with the project's virtualenv), `go`
   * (built with the Go toolchain) or `yaml`.
   */
  runtime: ProjectRuntime;
  /** The id of the only backend whose stacks use this folder; any backend when absent. */
  backendId?: string;
  /** Further variables for the engine processes of this project's stacks (`pulumi.projects[].env`). */
  env?: Record<string, string>;
}

/**
 * The runtimes whose language hosts Stackyard has.
 *
 * @public
 */
export type ProjectRuntime = 'nodejs' | 'python' | 'go' | 'yaml';

const RUNTIMES: readonly string[] = ['nodejs', 'python', 'go', 'yaml'];

const PROJECT_FILES = ['Pulumi.yaml', 'Pulumi.yml', 'Pulumi.json'];

const projectFileSchema = z.object({
  name: z.string().regex(PULUMI_NAME_PATTERN),
  runtime: z.union([z.string(), z.object({ name: z.string() })]),
  main: z.string().optional(),
});

/**
 * Reads the project file of a folder. Errors name `field`, the setting or request field the folder came
 * from, because that is what the person who sees the error can change.
 *
 * @public
 */
export function readProjectFolder(dir: string, field: string): ProjectFolder {
  const absolute = path.resolve(dir);
  const file = PROJECT_FILES.map(f => path.join(absolute, f)).find(f =>
    existsSync(f),
  );
  if (!file) {
    throw new InputError(
      `${field} '${dir}' is not a Pulumi project folder: it has no Pulumi.yaml`,
    );
  }
  let parsed: z.infer<typeof projectFileSchema>;
  try {
    parsed = projectFileSchema.parse(parseYaml(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new InputError(
      `${field} '${dir}' has an invalid ${path.basename(file)}: ${
        error instanceof z.ZodError
          ? error.issues
              .map(i => `${i.path.join('.') || 'file'}: ${i.message}`)
              .join('; ')
          : (error as Error).message
      }`,
    );
  }
  const runtime =
    typeof parsed.runtime === 'string' ? parsed.runtime : parsed.runtime.name;
  if (!RUNTIMES.includes(runtime)) {
    throw new InputError(
      `${field} '${dir}' is a '${runtime}' project; Stackyard runs nodejs (JavaScript or TypeScript), python, go and yaml programs`,
    );
  }
  const main = path.resolve(absolute, parsed.main ?? '.');
  const relative = path.relative(absolute, main);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new InputError(
      `${field} '${dir}': main '${parsed.main}' is outside the project folder`,
    );
  }
  return {
    dir: absolute,
    name: parsed.name,
    runtime: runtime as ProjectRuntime,
  };
}

/**
 * Reads `pulumi.projects`: the project folders whose programs Stackyard runs. Each folder must hold a
 * nodejs or yaml `Pulumi.yaml`, and a folder bound to a backend must name a configured one.
 *
 * @public
 */
export function readProjectFolders(
  config: Config,
  backendIds: string[],
): ProjectFolder[] {
  const folders = (config.getOptionalConfigArray('pulumi.projects') ?? []).map(
    (c, index) => {
      const field = `pulumi.projects[${index}]`;
      const folder = readProjectFolder(c.getString('dir'), `${field}.dir`);
      const backendId = c.getOptionalString('backend');
      const env = readEnvConfig(c.getOptionalConfig('env'), `${field}.env`);
      if (backendId !== undefined && !backendIds.includes(backendId)) {
        throw new InputError(
          `${field}.backend '${backendId}' is not the id of a backend in pulumi.backends`,
        );
      }
      return {
        ...folder,
        ...(backendId ? { backendId } : {}),
        ...(env ? { env } : {}),
      };
    },
  );
  folders.forEach((folder, index) => {
    const twin = folders.findIndex(
      other =>
        other.name === folder.name && other.backendId === folder.backendId,
    );
    if (twin !== index) {
      throw new InputError(
        `pulumi.projects[${index}] is a second folder for project '${
          folder.name
        }'${
          folder.backendId ? ` in backend '${folder.backendId}'` : ''
        }, after pulumi.projects[${twin}]`,
      );
    }
  });
  return folders;
}

/**
 * The folder for a project's stacks in one backend: a folder bound to that backend wins over an unbound
 * one.
 *
 * @public
 */
export function findProjectFolder(
  folders: ProjectFolder[],
  backendId: string,
  project: string,
): ProjectFolder | undefined {
  return (
    folders.find(f => f.name === project && f.backendId === backendId) ??
    folders.find(f => f.name === project && f.backendId === undefined)
  );
}
