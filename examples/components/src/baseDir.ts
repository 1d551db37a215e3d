import * as pulumi from '@pulumi/pulumi';

/**
 * The folder under which the components keep their files, as a cloud library would use an account: the
 * component's own `baseDir`, or else the stack's `stackyard:dataDir` config. It must be absolute, because
 * programs and providers run in different working folders.
 */
export function resolveBaseDir(baseDir: string | undefined): string {
  const dir = baseDir ?? new pulumi.Config('stackyard').require('dataDir');
  if (!dir.startsWith('/')) {
    throw new Error(
      `The data folder '${dir}' must be an absolute path (stackyard:dataDir or baseDir)`,
    );
  }
  return dir.replace(/\/+$/, '');
}

/** Names in paths: letters, digits, '-', '_' and '.', as Pulumi names. */
export function assertPathName(field: string, value: string): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/.test(value)) {
    throw new Error(
      `${field} '${value}' must be 1 to 63 letters, digits, '-', '_' or '.'`,
    );
  }
}
