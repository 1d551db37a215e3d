import { version as sdkVersion } from '@pulumi/pulumi/version';
import { parseArgs } from './args';
import { watchEngine } from './engineHealth';
import { listenOnFreePort } from './grpcServer';
import type { HostContext } from './hostContext';
import { logV, setLogVerbosity } from './log';
import { createLanguageRuntimeServer } from './server';

/**
 * Starts the language host as the engine does: `pulumi-language-nodejs [flags] <engine-address>`. It
 * serves the LanguageRuntime service on a free loopback port and prints the port as the only line it ever
 * writes to stdout itself, which is how the engine finds it. It stops when the engine's health check
 * fails, and on SIGINT or SIGTERM.
 */
export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (args.showVersion) {
    process.stdout.write(`${sdkVersion}\n`);
    return;
  }
  if (args.logToStderr) {
    setLogVerbosity(args.verbose);
  }
  if (args.runtime !== 'nodejs' && args.runtime !== 'bun') {
    throw new Error(`unsupported runtime: ${args.runtime}`);
  }
  const cancel = new AbortController();
  const context: HostContext = {
    engineAddress: args.engineAddress,
    runtime: args.runtime,
    tracing: args.tracing,
    cancelSignal: cancel.signal,
  };
  // Running programs and plugins are told to stop; exiting closes the server.
  const stop = () => {
    logV(5, 'stopping');
    cancel.abort();
    process.exit(0);
  };
  const watched = new Set<string>();
  const watch = (address: string) => {
    if (address && !watched.has(address)) {
      watched.add(address);
      watchEngine(address, stop);
    }
  };
  const server = createLanguageRuntimeServer({
    context,
    onEngineAddress: watch,
    onCancel: () => cancel.abort(),
  });
  if (args.engineAddress) {
    watch(args.engineAddress);
  }
  const port = await listenOnFreePort(server);
  process.stdout.write(`${port}\n`);
  logV(5, `serving the language runtime on port ${port}`);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
