import type { Stack } from '@pulumi/pulumi/automation';
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { runPulumiCommand } from './engineCommand';

/**
 * The files that may hold a stack's state in a `file://` backend whose folder is `root`: the layout of the
 * CLI's DIY backends, by project and, in the older layout, without one; each plain or gzipped.
 */
function stateFiles(root: string, project: string, stack: string): string[] {
  const stacks = path.join(root, '.pulumi', 'stacks');
  return [path.join(stacks, project, stack), path.join(stacks, stack)].flatMap(
    base => [`${base}.json`, `${base}.json.gz`],
  );
}

/** The folder of a `file://` backend given by an absolute path; `undefined` for any other. */
function fileBackendRoot(url: string): string | undefined {
  if (!url.startsWith('file://')) return undefined;
  const root = decodeURIComponent(url.slice('file://'.length).split('?')[0]);
  return path.isAbsolute(root) ? root : undefined;
}

/**
 * The version of a stack's state in a `file://` backend, from its file's identity: the CLI writes a
 * state to a new file that it renames into place, so any change gives another inode and time. Costs one
 * `stat` per candidate file; `undefined` when no state file is where the layout puts it.
 */
async function fileStateVersion(
  root: string,
  project: string,
  stack: string,
): Promise<string | undefined> {
  const found = await Promise.all(
    stateFiles(root, project, stack).map(file =>
      stat(file, { bigint: true }).then(
        s => `${file}:${s.ino}:${s.size}:${s.mtimeNs}`,
        () => undefined,
      ),
    ),
  );
  const present = found.filter(Boolean);
  return present.length > 0 ? `file:${present.join('|')}` : undefined;
}

/**
 * A hash of the stack's export with secrets left encrypted: any change of the state changes it, a new
 * secret value too, since each encryption has a ciphertext of its own. Costs the CLI's start and a read
 * of the state, and no decryption.
 */
async function exportedStateVersion(stack: Stack): Promise<string> {
  const { workspace } = stack;
  const stdout = await runPulumiCommand(
    workspace.pulumiCommand,
    ['stack', 'export', '--stack', stack.name],
    workspace.workDir,
    {
      ...(workspace.pulumiHome ? { PULUMI_HOME: workspace.pulumiHome } : {}),
      ...workspace.envVars,
    },
  );
  return `export:${createHash('sha256').update(stdout).digest('hex')}`;
}

/**
 * The version of a stack's state, which changes whenever the state does: for a `file://` backend from
 * the state file itself, for the others from the CLI.
 */
export async function stateVersion(
  stack: Stack,
  place: { backendUrl: string; project: string },
): Promise<string> {
  const root = fileBackendRoot(place.backendUrl);
  const fromFile = root
    ? await fileStateVersion(root, place.project, stack.name)
    : undefined;
  return fromFile ?? exportedStateVersion(stack);
}
