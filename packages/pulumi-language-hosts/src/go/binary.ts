import { statSync } from 'node:fs';
import path from 'node:path';
import { findExecutable } from '../common/files';

/**
 * The prebuilt program that the `binary` option names, run as it is: an absolute path; a path relative to
 * the program folder; else, as the Go host's executable.FindExecutable looks for a name, `$GOPATH/bin`
 * and the PATH.
 */
export function resolveBinary(
  binary: string,
  programDirectory: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const local = path.resolve(programDirectory, binary);
  if (isFile(local)) {
    return local;
  }
  if (!binary.includes('/')) {
    for (const dir of (env.GOPATH ?? '').split(path.delimiter)) {
      if (dir && isFile(path.join(dir, 'bin', binary))) {
        return path.join(dir, 'bin', binary);
      }
    }
    const found = findExecutable(binary, env.PATH ?? '');
    if (found) {
      return found;
    }
  }
  throw new Error(
    `unable to find '${binary}' executable: unable to find program: ${binary}`,
  );
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
