import { execFile } from 'node:child_process';
import path from 'node:path';

// Exit code of the resolver script when the module is not installed.
const notFound = 3;

/**
 * Resolves a module such as `@pulumi/pulumi/cmd/run` as the Go host does, with `node -e
 * "require.resolve(...)"` in the program's folder, so that the program runs with its own copy of the SDK
 * (or one that the environment's NODE_PATH names). A fresh node each time, rather than this process's
 * `require.resolve`, which remembers that a package was missing after `pulumi install` put it there. Fails
 * with the Go host's message when the module is not installed.
 */
export async function locateModule(options: {
  module: string;
  programDirectory: string;
  isPlugin: boolean;
  runtimeBinary: string;
  env: NodeJS.ProcessEnv;
}): Promise<string> {
  const { module, programDirectory, isPlugin, runtimeBinary, env } = options;
  const paths = [path.resolve(programDirectory)];
  const script =
    `try { console.log(require.resolve(${JSON.stringify(
      module,
    )}, { paths: ${JSON.stringify(paths)} })); }` +
    ` catch (error) { console.error(error.message);` +
    ` process.exit(error.code === 'MODULE_NOT_FOUND' ? ${notFound} : 1); }`;
  return new Promise((resolve, reject) => {
    execFile(
      runtimeBinary,
      ['-e', script],
      { cwd: programDirectory, env },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout.trim());
        } else if (error.code === notFound) {
          const install = isPlugin
            ? `npm install in ${programDirectory}`
            : 'pulumi install';
          reject(
            new Error(
              `It looks like the Pulumi SDK has not been installed. Have you run ${install}?`,
            ),
          );
        } else {
          reject(new Error(stderr.trim() || error.message));
        }
      },
    );
  });
}
