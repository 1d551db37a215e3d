/** A package manager the host can install dependencies with. */
export type PackageManagerName = 'npm' | 'yarn' | 'pnpm' | 'bun';

/** The `packagemanager` runtime option: a package manager, or `auto` to choose one by the lock files. */
export type PackageManagerChoice = PackageManagerName | 'auto';

/** The runtime options of `runtime: { name: nodejs, options: {...} }` in Pulumi.yaml. */
export interface NodeOptions {
  /** Run TypeScript through the ts-node that `@pulumi/pulumi` ships; true unless turned off. */
  typescript: boolean;
  /** The tsconfig.json that ts-node reads (`tsconfig`). */
  tsconfigPath: string;
  /** Extra arguments for node, one shell-quoted string (`nodeargs`). */
  nodeargs: string;
  /** The package manager (`packagemanager`). */
  packagemanager: PackageManagerChoice;
}

const packageManagerChoices: readonly string[] = [
  'auto',
  'npm',
  'yarn',
  'pnpm',
  'bun',
];

/**
 * Reads the runtime options with the Go host's defaults and error messages. Bun runs TypeScript itself
 * and always installs with bun, so under `--runtime bun` the TypeScript options and `nodeargs` are
 * dropped.
 */
export function parseOptions(
  options: Record<string, unknown>,
  runtime: string,
): NodeOptions {
  const result: NodeOptions = {
    typescript: true,
    tsconfigPath: '',
    nodeargs: '',
    packagemanager: 'auto',
  };
  if ('typescript' in options) {
    if (typeof options.typescript !== 'boolean') {
      throw new Error('typescript option must be a boolean');
    }
    result.typescript = options.typescript;
  }
  if ('tsconfig' in options) {
    if (typeof options.tsconfig !== 'string') {
      throw new Error('tsconfigpath option must be a string');
    }
    result.tsconfigPath = options.tsconfig;
  }
  if ('nodeargs' in options) {
    if (typeof options.nodeargs !== 'string') {
      throw new Error('nodeargs option must be a string');
    }
    result.nodeargs = options.nodeargs;
  }
  if ('packagemanager' in options) {
    const pm = options.packagemanager;
    if (typeof pm !== 'string') {
      throw new Error('packagemanager option must be a string');
    }
    if (!packageManagerChoices.includes(pm)) {
      throw new Error(
        `packagemanager option must be one of auto, npm, yarn, pnpm or bun, got ${JSON.stringify(
          pm,
        )}`,
      );
    }
    result.packagemanager = pm as PackageManagerChoice;
  }
  if (runtime === 'bun') {
    return {
      typescript: false,
      tsconfigPath: '',
      nodeargs: '',
      packagemanager: 'bun',
    };
  }
  return result;
}
