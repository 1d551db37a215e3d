import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The folders that app config names under `key` (`pulumi.templates`, `pulumi.policyPacks`), by name;
 * relative folders are resolved against the backend's working directory.
 */
export function namedFolders(config: Config, key: string): Map<string, string> {
  return new Map(
    (config.getOptionalConfigArray(key) ?? []).map(c => [
      c.getString('name'),
      path.resolve(c.getString('dir')),
    ]),
  );
}

/**
 * A folder of the task workspace, named by a relative path in the input `field`; one that reaches outside
 * the workspace is an InputError naming the field.
 */
export function workspaceFolder(
  workspacePath: string,
  relative: string,
  field: string,
): string {
  try {
    return resolveSafeChildPath(workspacePath, relative);
  } catch {
    throw new InputError(
      `${field} '${relative}' is outside the task workspace; give a path inside it, such as 'infra'`,
    );
  }
}

/** The Pulumi project folder of an action: `directory`, or else the project name, inside the workspace. */
export function projectFolder(
  workspacePath: string,
  input: { directory?: string; project: string },
): string {
  const dir = workspaceFolder(
    workspacePath,
    input.directory ?? input.project,
    'directory',
  );
  if (!existsSync(path.join(dir, 'Pulumi.yaml'))) {
    throw new InputError(
      `directory '${
        input.directory ?? input.project
      }' holds no Pulumi.yaml; create the project with pulumi:new first`,
    );
  }
  return dir;
}

/** Whether a path is an existing folder. */
export function isFolder(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}
