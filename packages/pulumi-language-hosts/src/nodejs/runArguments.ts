import { flagArguments, ProgramRunFacts } from '../common/runRequest';

/** The parts of a run that make cmd/run's command line. */
export interface RunArgumentsInput extends ProgramRunFacts {
  /** The resolved path of `@pulumi/pulumi/cmd/run`. */
  runPath: string;
  tracing?: string;
}

/**
 * The arguments of `node <cmd/run> ...`, in the Go host's order. Empty values are left out, except
 * `--parallel`, which the Go host always passes.
 */
export function buildRunArguments(input: RunArgumentsInput): string[] {
  return [
    input.runPath,
    ...flagArguments([
      ['monitor', input.monitorAddress],
      ['engine', input.engineAddress],
      ['organization', input.organization],
      ['project', input.project],
      ['root-directory', input.rootDirectory],
      ['stack', input.stack],
      ['pwd', input.programDirectory],
    ]),
    ...(input.dryRun ? ['--dry-run'] : []),
    ...flagArguments([
      ['parallel', String(input.parallel)],
      ['tracing', input.tracing],
    ]),
    // The engine always names an entry point, `.` for the program folder's package.json `main`.
    input.entryPoint,
    ...input.args,
  ];
}

/**
 * PULUMI_CONFIG for cmd/run: the config map with keys in the old `<namespace>:config:<name>` form, which
 * every version of `@pulumi/pulumi` reads, as the Go host writes them.
 */
export function buildConfigJson(
  config: ReadonlyMap<string, string> | Iterable<[string, string]>,
): string {
  const result: Record<string, string> = {};
  for (const [key, value] of config) {
    const { namespace, name } = parseConfigKey(key);
    result[`${namespace}:config:${name}`] = value;
  }
  return JSON.stringify(result);
}

/** Splits a config key of the form `<namespace>:<name>` or `<namespace>:config:<name>`. */
export function parseConfigKey(key: string): {
  namespace: string;
  name: string;
} {
  const parts = key.split(':');
  if (parts.length === 2) {
    return { namespace: parts[0], name: parts[1] };
  }
  if (parts.length === 3 && parts[1] === 'config' && parts[0] && parts[2]) {
    return { namespace: parts[0], name: parts[2] };
  }
  throw new Error(
    `could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`,
  );
}
