import path from 'node:path';

/** What the exec script's command line carries. */
export interface ExecArgumentsInput {
  /** The path of pulumi-language-python-exec. */
  execPath: string;
  monitorAddress: string;
  engineAddress: string;
  organization: string;
  project: string;
  rootDirectory: string;
  stack: string;
  programDirectory: string;
  /** The `main:` of Pulumi.yaml relative to the program folder, `.` for the folder's `__main__.py`. */
  entryPoint: string;
  dryRun: boolean;
  parallel: number;
  tracing?: string;
  args: string[];
}

/**
 * The arguments of `python -u pulumi-language-python-exec ...`, as Pulumi's Python host passes them:
 * `--dry_run` and `--parallel` always, the other flags when they have a value, then the program (a folder
 * with a `__main__.py`, or a file) and the program's own arguments.
 */
export function buildExecArguments(input: ExecArgumentsInput): string[] {
  const args = ['-u', input.execPath];
  const add = (flag: string, value: string | undefined) => {
    if (value) {
      args.push(`--${flag}`, value);
    }
  };
  add('monitor', input.monitorAddress);
  add('engine', input.engineAddress);
  add('project', input.project);
  add('stack', input.stack);
  add('pwd', input.programDirectory);
  args.push('--dry_run', String(input.dryRun));
  args.push('--parallel', String(input.parallel));
  add('tracing', input.tracing);
  add('organization', input.organization);
  add('root_directory', input.rootDirectory);
  args.push(path.resolve(input.programDirectory, input.entryPoint));
  args.push(...input.args);
  return args;
}

/** PULUMI_CONFIG: the config map as JSON, with its keys as the engine sends them (`<namespace>:<name>`). */
export function buildConfigJson(config: Iterable<[string, string]>): string {
  return JSON.stringify(Object.fromEntries(config));
}
