import type { RunRequest } from '@pulumi/pulumi/proto/language_pb';
import type { ProgramLocation } from './programInfo';

/** What every host passes on to a program from the engine's RunRequest, and where the program is. */
export interface ProgramRunFacts {
  monitorAddress: string;
  engineAddress: string;
  organization: string;
  project: string;
  stack: string;
  dryRun: boolean;
  parallel: number;
  /** The folder of Pulumi.yaml. */
  rootDirectory: string;
  /** The folder the program runs from. */
  programDirectory: string;
  /** The entry point relative to the program folder. */
  entryPoint: string;
  /** The program's own arguments. */
  args: string[];
}

/** The facts of a run, from the engine's request and the program's location. */
export function programRunFacts(
  request: RunRequest,
  location: ProgramLocation,
  engineAddress: string,
): ProgramRunFacts {
  return {
    monitorAddress: request.getMonitorAddress(),
    engineAddress,
    organization: request.getOrganization(),
    project: request.getProject(),
    stack: request.getStack(),
    dryRun: request.getDryrun(),
    parallel: request.getParallel(),
    rootDirectory: location.rootDirectory,
    programDirectory: location.programDirectory,
    entryPoint: location.entryPoint,
    args: request.getArgsList(),
  };
}

/** `--<flag> <value>` for each flag in order, leaving out those without a value. */
export function flagArguments(
  flags: Array<[flag: string, value: string | undefined]>,
): string[] {
  return flags.flatMap(([flag, value]) => (value ? [`--${flag}`, value] : []));
}
