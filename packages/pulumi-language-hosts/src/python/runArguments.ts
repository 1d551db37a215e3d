import path from 'node:path';
import { flagArguments, ProgramRunFacts } from '../common/runRequest';

/** What the exec script's command line carries. */
export interface ExecArgumentsInput extends ProgramRunFacts {
  /** The path of pulumi-language-python-exec. */
  execPath: string;
  tracing?: string;
}

/**
 * The arguments of `python -u pulumi-language-python-exec ...`, as Pulumi's Python host passes them:
 * `--dry_run` and `--parallel` always, the other flags when they have a value, then the program (a folder
 * with a `__main__.py`, or a file, from the entry point, which is the `main:` of Pulumi.yaml relative to
 * the program folder) and the program's own arguments.
 */
export function buildExecArguments(input: ExecArgumentsInput): string[] {
  return [
    '-u',
    input.execPath,
    ...flagArguments([
      ['monitor', input.monitorAddress],
      ['engine', input.engineAddress],
      ['project', input.project],
      ['stack', input.stack],
      ['pwd', input.programDirectory],
      ['dry_run', String(input.dryRun)],
      ['parallel', String(input.parallel)],
      ['tracing', input.tracing],
      ['organization', input.organization],
      ['root_directory', input.rootDirectory],
    ]),
    path.resolve(input.programDirectory, input.entryPoint),
    ...input.args,
  ];
}

/** PULUMI_CONFIG: the config map as JSON, with its keys as the engine sends them (`<namespace>:<name>`). */
export function buildConfigJson(config: Iterable<[string, string]>): string {
  return JSON.stringify(Object.fromEntries(config));
}
