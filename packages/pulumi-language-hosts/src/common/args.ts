/** What the engine passes on the host's command line. */
export interface HostArgs {
  /** The engine's gRPC address, the first positional argument; absent when started by hand. */
  engineAddress?: string;
  /** A Zipkin-compatible tracing endpoint (`--tracing`), handed on to programs. */
  tracing?: string;
  /** `--runtime`: for the Node.js host, `nodejs` (the default) or `bun`; the other hosts ignore it. */
  runtime: string;
  /** `--version`: print the version and exit. */
  showVersion: boolean;
  /** `--logtostderr`, flowed by the engine with `--logflow`. */
  logToStderr: boolean;
  /** `-v=N`, flowed by the engine with `--logflow`; 0 when absent. */
  verbose: number;
}

// Flags that take a value, as Go's flag package declares them in the Go host and its logging package.
// The Python and Go hosts' legacy option flags (`-virtualenv`, `-binary`, ...) take a value too.
const valueFlags = new Set([
  'tracing',
  'runtime',
  'root',
  'v',
  'logflow-level',
  'virtualenv',
  'typechecker',
  'toolchain',
  'binary',
  'buildTarget',
  'use-executor',
]);

/**
 * Parses the command line the way Go's `flag` package does for the Go host: `-name`, `--name`,
 * `-name=value` and `-name value` for flags that take a value, flags up to the first positional argument
 * or `--`. Flags we do not know (older or newer engines pass `-root`, `-typescript`, `-logflow`, ...) are
 * accepted and ignored instead of failing, taking their value only when written as `-name=value`.
 */
export function parseArgs(argv: readonly string[]): HostArgs {
  const flags = new Map<string, string>();
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      break;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq >= 0) {
      flags.set(body.slice(0, eq), body.slice(eq + 1));
    } else if (valueFlags.has(body) && i + 1 < argv.length) {
      flags.set(body, argv[++i]);
    } else {
      flags.set(body, 'true');
    }
  }
  const positional = argv.slice(i);
  return {
    engineAddress: positional[0] || undefined,
    tracing: flags.get('tracing') || undefined,
    runtime: flags.get('runtime') || 'nodejs',
    showVersion: isTrue(flags.get('version')),
    logToStderr: isTrue(flags.get('logtostderr')),
    verbose: Number.parseInt(flags.get('v') ?? '0', 10) || 0,
  };
}

function isTrue(value: string | undefined): boolean {
  return (
    value !== undefined && ['1', 't', 'true'].includes(value.toLowerCase())
  );
}
