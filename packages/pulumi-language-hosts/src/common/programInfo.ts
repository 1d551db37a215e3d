import path from 'node:path';
import { ProgramInfo } from '@pulumi/pulumi/proto/language_pb';

/** The engine's description of a program or plugin: where it is and how to run it. */
export interface ProgramLocation {
  /** The folder of Pulumi.yaml (or PulumiPlugin.yaml, PulumiPolicy.yaml). */
  rootDirectory: string;
  /** The folder the program runs from: the root, or the folder `main` names. */
  programDirectory: string;
  /** The entry point relative to the program folder; `.` for the folder's package.json `main`. */
  entryPoint: string;
  /** The runtime options. */
  options: Record<string, unknown>;
}

/** Reads a request's ProgramInfo, or fails the call when the engine sent none. */
export function readProgramInfo(
  info: ProgramInfo | undefined,
): ProgramLocation {
  if (!info) {
    throw new Error('the request carries no program info');
  }
  const rootDirectory = path.resolve(info.getRootDirectory() || '.');
  return {
    rootDirectory,
    programDirectory: path.resolve(info.getProgramDirectory() || rootDirectory),
    entryPoint: info.getEntryPoint() || '.',
    options: (info.getOptions()?.toJavaScript() ?? {}) as Record<
      string,
      unknown
    >,
  };
}
