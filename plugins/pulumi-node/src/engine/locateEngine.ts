import { Config } from '@backstage/config';
import { PulumiCommand } from '@pulumi/pulumi/automation';
import { InputError } from '@backstage/errors';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { version as sdkVersion } from '@pulumi/pulumi/version';
import { parse as parseSemver } from 'semver';
import { createEngineCommand } from './engineCommand';
import type { PluginAcquisition } from './engineEnvironment';

/**
 * Where the Pulumi engine lives, and the version it reported.
 *
 * @public
 */
export interface PulumiEngine {
  /** The folder that holds `bin/pulumi`. */
  root: string;
  /** The version the CLI reported, without the leading `v`. */
  version: string;
  /** The command, ready for the Automation API. */
  command: PulumiCommand;
  /**
   * Folders of further plugins for the engine, such as a component provider (`pulumi-resource-<name>`)
   * or a policy analyzer, found there before anything else; from `pulumi.engine.pluginDirs`.
   */
  pluginDirs?: string[];
  /**
   * Whether the engine may download plugins that no folder holds; from `pulumi.engine.plugins`, which
   * {@link PulumiEngineClient.fromConfig} reads. Offline when absent.
   */
  plugins?: PluginAcquisition;
}

/**
 * The `@pulumi/pulumi` version this library is built against. The CLI must report the same version.
 *
 * @public
 */
export function expectedPulumiVersion(): string {
  return sdkVersion;
}

/**
 * The per-version cache folder that `tools/pulumi-engine/build.sh` fills.
 *
 * @public
 */
export function defaultPulumiEngineRoot(
  env: NodeJS.ProcessEnv = process.env,
): string {
  const cache =
    env.STACKYARD_CACHE ??
    path.join(
      env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
      'stackyard',
    );
  return path.join(cache, 'pulumi', expectedPulumiVersion());
}

/**
 * Reads `pulumi.engine.plugins`: `offline` (the default) or `download`, with an optional mirror.
 *
 * @public
 */
export function readPluginAcquisition(config?: Config): PluginAcquisition {
  const mode =
    config?.getOptionalString('pulumi.engine.plugins.mode') ?? 'offline';
  if (mode !== 'offline' && mode !== 'download') {
    throw new InputError(
      `pulumi.engine.plugins.mode '${mode}' must be 'offline' or 'download'`,
    );
  }
  const mirror = config?.getOptionalString('pulumi.engine.plugins.mirror');
  if (mirror !== undefined) {
    if (mode !== 'download') {
      throw new InputError(
        `pulumi.engine.plugins.mirror needs pulumi.engine.plugins.mode 'download'`,
      );
    }
    if (!/^(https?|file):\/\//.test(mirror)) {
      throw new InputError(
        `pulumi.engine.plugins.mirror '${mirror}' must be an http(s):// or file:// URL`,
      );
    }
  }
  return mirror ? { mode, mirror } : { mode };
}

/**
 * Finds the Pulumi engine and checks that it is the version this library expects.
 *
 * The first of these wins: the config key `pulumi.engine.root`, the environment variable
 * `STACKYARD_PULUMI_ROOT`, then the per-version cache that the bootstrap builds. There is no fallback to a
 * `pulumi` on the PATH and no download: an engine of another version would break the Automation API.
 *
 * @public
 */
export async function locatePulumiEngine(
  options: { config?: Config; env?: NodeJS.ProcessEnv } = {},
): Promise<PulumiEngine> {
  const env = options.env ?? process.env;
  const configured = options.config?.getOptionalString('pulumi.engine.root');
  const root = path.resolve(
    configured ?? env.STACKYARD_PULUMI_ROOT ?? defaultPulumiEngineRoot(env),
  );
  let source = 'the Stackyard cache';
  if (configured) {
    source = 'pulumi.engine.root';
  } else if (env.STACKYARD_PULUMI_ROOT) {
    source = 'STACKYARD_PULUMI_ROOT';
  }
  if (!existsSync(path.join(root, 'bin', 'pulumi'))) {
    throw new InputError(
      `No Pulumi engine at ${root} (from ${source}): bin/pulumi is missing. ` +
        'Run scripts/start.sh or tools/pulumi-engine/build.sh to build it.',
    );
  }
  const expected = expectedPulumiVersion();
  const base = await PulumiCommand.get({
    root,
    version: parseSemver(expected) ?? undefined,
  });
  const version = base.version?.format() ?? '';
  if (version !== expected) {
    throw new InputError(
      `The Pulumi engine at ${root} (from ${source}) is v${version}, but @pulumi/pulumi is ${expected}; they must match.`,
    );
  }
  const pluginDirs = (
    options.config?.getOptionalStringArray('pulumi.engine.pluginDirs') ?? []
  ).map((dir, i) => {
    const absolute = path.resolve(dir);
    if (!existsSync(absolute)) {
      throw new InputError(
        `pulumi.engine.pluginDirs[${i}] '${dir}' is not a folder on this machine`,
      );
    }
    return absolute;
  });
  const command = createEngineCommand({ base });
  return { root, version, command, pluginDirs };
}
