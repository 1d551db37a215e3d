import type * as grpc from '@grpc/grpc-js';
import { HostArgs, parseArgs } from './args';
import { watchEngine } from './engineHealth';
import { messageOf } from './errors';
import { listenOnFreePort } from './grpcServer';
import { logV, setLogVerbosity } from './log';

/** What every language host shares with its calls: the engine, tracing, and the Cancel call's signal. */
export interface HostSession {
  /** The engine's address: from the command line, or from Handshake. */
  engineAddress?: string;
  /** The tracing endpoint handed on to programs. */
  tracing?: string;
  /** Aborted by the Cancel call: every program and plugin still running is stopped. */
  cancelSignal: AbortSignal;
  /** Handshake calls it with the engine's address, so that the host watches that engine. */
  onEngineAddress(address: string): void;
  /** The Cancel call calls it. */
  cancel(): void;
}

/** One language host: its name, its version and the gRPC server it serves. */
export interface LanguageHostDefinition {
  /** The executable's name, such as `pulumi-language-python`. */
  name: string;
  /** What `--version` prints. */
  version: string;
  /** The LanguageRuntime server for one host process; it may reject arguments it cannot serve. */
  createServer(args: HostArgs, session: HostSession): grpc.Server;
}

/**
 * Starts a language host as the engine does: `<name> [flags] <engine-address>`. It serves the
 * LanguageRuntime service on a free loopback port and prints the port as the only line it ever writes to
 * stdout itself, which is how the engine finds it. It stops when the engine's health check fails, and on
 * SIGINT or SIGTERM; running programs and plugins are told to stop first.
 */
export async function serveLanguageHost(
  host: LanguageHostDefinition,
  argv: string[],
): Promise<void> {
  const args = parseArgs(argv);
  if (args.showVersion) {
    process.stdout.write(`${host.version}\n`);
    return;
  }
  if (args.logToStderr) {
    setLogVerbosity(args.verbose, host.name);
  }
  const cancel = new AbortController();
  const stop = () => {
    logV(5, 'stopping');
    cancel.abort();
    process.exit(0);
  };
  const watched = new Set<string>();
  const session: HostSession = {
    engineAddress: args.engineAddress,
    tracing: args.tracing,
    cancelSignal: cancel.signal,
    onEngineAddress: address => {
      if (address && !watched.has(address)) {
        watched.add(address);
        watchEngine(address, stop);
      }
    },
    cancel: () => cancel.abort(),
  };
  const server = host.createServer(args, session);
  if (args.engineAddress) {
    session.onEngineAddress(args.engineAddress);
  }
  const port = await listenOnFreePort(server);
  process.stdout.write(`${port}\n`);
  logV(5, `serving the language runtime on port ${port}`);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The entry point of a host's executable: serves it, and reports a failure to start on stderr. */
export function runLanguageHost(host: LanguageHostDefinition): void {
  serveLanguageHost(host, process.argv.slice(2)).catch(error => {
    process.stderr.write(`${host.name}: ${messageOf(error)}\n`);
    process.exit(1);
  });
}

/** Fails a call that needs the engine when neither the command line nor Handshake named it. */
export function requireEngineAddress(session: HostSession): string {
  if (!session.engineAddress) {
    throw new Error(
      'when debugging or running explicitly, must call Handshake before Run',
    );
  }
  return session.engineAddress;
}
