import { findExecutable } from './files';

/** What every call of one host process shares. */
export interface HostContext {
  /** The engine's address: from the command line, or from Handshake. */
  engineAddress?: string;
  /** `nodejs` or `bun`: the runtime that runs programs and plugins. */
  runtime: string;
  /** The tracing endpoint handed on to programs. */
  tracing?: string;
  /** Aborted by the Cancel call: every program and plugin still running is stopped. */
  cancelSignal: AbortSignal;
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

/** Fails a call that needs the engine when neither the command line nor Handshake named it. */
export function requireEngineAddress(context: HostContext): string {
  if (!context.engineAddress) {
    throw new Error(
      'when debugging or running explicitly, must call Handshake before Run',
    );
  }
  return context.engineAddress;
}
