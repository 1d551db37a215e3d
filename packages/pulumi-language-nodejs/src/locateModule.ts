import { createRequire } from 'node:module';
import path from 'node:path';
import { messageOf } from './errors';

/**
 * Folders that Stackyard's engine wrapper names in STACKYARD_NODEJS_RESOLVE_FROM: programs and policy
 * packs that it writes outside any node_modules tree (inline programs, a scaffolder task's workspace)
 * resolve `@pulumi/pulumi` and `@pulumi/policy` from there when their own folder has none.
 */
export function resolveFromFolders(env: NodeJS.ProcessEnv): string[] {
  return (env.STACKYARD_NODEJS_RESOLVE_FROM ?? '').split(':').filter(Boolean);
}

/**
 * Resolves a module such as `@pulumi/pulumi/cmd/run` the way `node -e "require.resolve(...)"` in the
 * program's folder does for the Go host, so that the program runs with its own copy of the SDK; then from
 * the STACKYARD_NODEJS_RESOLVE_FROM folders. Fails with the Go host's message when it is not installed.
 */
export function locateModule(options: {
  module: string;
  programDirectory: string;
  isPlugin: boolean;
  env: NodeJS.ProcessEnv;
}): string {
  const { module, programDirectory, isPlugin, env } = options;
  const from = [programDirectory, ...resolveFromFolders(env)];
  let firstError: unknown;
  for (const dir of from) {
    try {
      return createRequire(path.join(path.resolve(dir), '[eval]')).resolve(
        module,
      );
    } catch (error) {
      firstError ??= error;
    }
  }
  if ((firstError as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND') {
    const install = isPlugin
      ? `npm install in ${programDirectory}`
      : 'pulumi install';
    throw new Error(
      `It looks like the Pulumi SDK has not been installed. Have you run ${install}?`,
    );
  }
  throw new Error(messageOf(firstError));
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
