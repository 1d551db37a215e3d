import { findExecutable } from '../common/files';
import type { HostSession } from '../common/serve';

/** What every call of one Node.js host process shares: the session, and the runtime that runs programs. */
export interface HostContext extends HostSession {
  /** `nodejs` or `bun`: the runtime that runs programs and plugins. */
  runtime: string;
}

/**
 * The executable that runs programs: `node` (or `bun`) from the PATH, as the Go host finds it. When node is
 * not on the PATH, the node that runs this host stands in for it, as the Go host falls back to a managed
 * Node.js.
 */
export function resolveRuntimeBinary(
  runtime: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const name = runtime === 'bun' ? 'bun' : 'node';
  const found = findExecutable(name, env.PATH ?? '');
  if (found) {
    return found;
  }
  if (name === 'node') {
    return process.execPath;
  }
  throw new Error(`exec: "${name}": executable file not found in $PATH`);
}
