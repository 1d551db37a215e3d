import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Options for {@link createEngineEnvironment}.
 *
 * @public
 */
export interface EngineEnvironmentOptions {
  /** The folder that holds `bin/pulumi` and our `pulumi-resource-pulumi-nodejs`. */
  engineRoot: string;
  /** Folders of further plugins, searched first; see `PulumiEngine.pluginDirs`. */
  pluginDirs?: string[];
  /** A folder of this backend's own, used as `PULUMI_HOME`; created when missing. */
  pulumiHome: string;
  /** The state backend URL: `file://`, `postgres://`, `s3://`, … */
  backendUrl: string;
  /** The passphrase of the passphrase secrets provider, for self-managed backends. */
  passphrase?: string;
  /** A Pulumi Cloud access token, for Pulumi Cloud backends. */
  accessToken?: string;
}

/**
 * The folder from which the Node dynamic-provider host resolves `@pulumi/pulumi` for inline programs,
 * which have no `node_modules` of their own.
 */
function sdkResolveRoot(): string {
  // .../node_modules/@pulumi/pulumi/package.json -> the folder that holds that node_modules
  return path.resolve(
    require.resolve('@pulumi/pulumi/package.json'),
    '..',
    '..',
    '..',
    '..',
  );
}

/**
 * The environment of one engine call. It names everything the engine reads, so that a call behaves the
 * same whatever the backend's own environment holds, and it never reaches for the network on its own:
 * no update check, and no plugin downloads.
 *
 * @public
 */
export function createEngineEnvironment(
  options: EngineEnvironmentOptions,
): Record<string, string> {
  mkdirSync(options.pulumiHome, { recursive: true });
  const env: Record<string, string> = {
    PATH: [
      ...(options.pluginDirs ?? []),
      path.join(options.engineRoot, 'bin'),
      path.dirname(process.execPath),
      '/usr/local/bin',
      '/usr/bin',
      '/bin',
    ].join(':'),
    HOME: options.pulumiHome,
    PULUMI_HOME: options.pulumiHome,
    PULUMI_BACKEND_URL: options.backendUrl,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_DIY_BACKEND_GZIP: 'false',
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: '',
    PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? '',
    PULUMI_CONFIG_PASSPHRASE_FILE: '',
    PULUMI_ACCESS_TOKEN: options.accessToken ?? '',
    NO_COLOR: '1',
    STACKYARD_NODEJS_RESOLVE_FROM: sdkResolveRoot(),
  };
  return env;
}
