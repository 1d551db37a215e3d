import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * Folders that Stackyard's engine wrapper names in STACKYARD_NODEJS_RESOLVE_FROM: programs and policy
 * packs that it writes outside any node_modules tree (inline programs, a scaffolder task's workspace)
 * resolve `@pulumi/pulumi` and `@pulumi/policy` from there when their own folder has none.
 */
export function resolveFromFolders(env: NodeJS.ProcessEnv): string[] {
  return (env.STACKYARD_NODEJS_RESOLVE_FROM ?? '').split(':').filter(Boolean);
}

// Exit code of the resolver script when the module is not installed.
const notFound = 3;

/**
 * Resolves a module such as `@pulumi/pulumi/cmd/run` as the Go host does, with `node -e
 * "require.resolve(...)"` in the program's folder, so that the program runs with its own copy of the SDK;
 * then from the STACKYARD_NODEJS_RESOLVE_FROM folders. A fresh node each time, rather than this process's
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
  const paths = [programDirectory, ...resolveFromFolders(env)].map(dir =>
    path.resolve(dir),
  );
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

/**
 * The child's environment with the STACKYARD_NODEJS_RESOLVE_FROM folders' node_modules appended to
 * NODE_PATH, so that a program or pack outside any node_modules tree finds its packages there too. The
 * environment is returned as it is when the variable is not set.
 */
export function withResolveFromNodePath(
  env: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  const folders = resolveFromFolders(env);
  if (folders.length === 0) {
    return env;
  }
  const nodePath = [
    ...(env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean),
    ...folders.map(dir => path.join(dir, 'node_modules')),
  ];
  return { ...env, NODE_PATH: nodePath.join(path.delimiter) };
}
