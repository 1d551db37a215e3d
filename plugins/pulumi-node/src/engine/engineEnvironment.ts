import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * How the engine gets provider plugins that no plugin folder holds: `offline` never downloads, and a
 * missing plugin fails the run; `download` lets the engine fetch it, from `mirror` when set.
 *
 * @public
 */
export interface PluginAcquisition {
  /** `offline` never downloads; `download` lets the engine fetch plugins. */
  mode: 'offline' | 'download';
  /** A plugin mirror for `download` (the engine's `PULUMI_PLUGIN_DOWNLOAD_URL`). */
  mirror?: string;
}

/**
 * Options for {@link createEngineEnvironment}.
 *
 * @public
 */
export interface EngineEnvironmentOptions {
  /** The folder that holds `bin/pulumi`, the language hosts and our `pulumi-resource-pulumi-nodejs`. */
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
  /** Variables that config names for the backend (`pulumi.backends[].env`), such as storage credentials. */
  backendEnv?: Record<string, string>;
  /** Variables that config names for the project (`pulumi.projects[].env`); they win over the backend's. */
  projectEnv?: Record<string, string>;
  /** Whether the engine may download plugins; `offline` by default. */
  plugins?: PluginAcquisition;
}

/** The variables that say how plugins are acquired. */
function pluginVariables(plugins: PluginAcquisition): Record<string, string> {
  if (plugins.mode === 'offline') {
    return { PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true' };
  }
  return plugins.mirror ? { PULUMI_PLUGIN_DOWNLOAD_URL: plugins.mirror } : {};
}

/**
 * The whole environment of one engine process tree: the CLI, its language host and the program. It is built
 * from nothing: `PATH` and `HOME`, `PULUMI_HOME`, the stack's backend and its credentials, and what config
 * names for that backend and project. The backend's own environment (its database password, its auth
 * keys, other backends' credentials) never reaches a program. The engine never reaches for the network on
 * its own: no update check, and no plugin download unless config allows it.
 *
 * @public
 */
export function createEngineEnvironment(
  options: EngineEnvironmentOptions,
): Record<string, string> {
  mkdirSync(options.pulumiHome, { recursive: true });
  // The only two variables taken from the backend's own environment: the language hosts need them to find
  // node, a package manager and its caches.
  const { PATH, HOME } = process.env;
  const searchPath = [
    ...(options.pluginDirs ?? []),
    path.join(options.engineRoot, 'bin'),
    // The node that runs Backstage runs the programs too, unless PATH names another first.
    path.dirname(process.execPath),
    ...(PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':'),
  ];
  return {
    ...options.backendEnv,
    ...options.projectEnv,
    PATH: [...new Set(searchPath.filter(Boolean))].join(':'),
    HOME: HOME ?? options.pulumiHome,
    PULUMI_HOME: options.pulumiHome,
    PULUMI_BACKEND_URL: options.backendUrl,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? '',
    ...(options.accessToken
      ? { PULUMI_ACCESS_TOKEN: options.accessToken }
      : {}),
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DIY_BACKEND_GZIP: 'false',
    NO_COLOR: '1',
    ...pluginVariables(options.plugins ?? { mode: 'offline' }),
  };
}
