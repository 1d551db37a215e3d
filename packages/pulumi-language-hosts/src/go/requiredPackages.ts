import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { messageOf } from '../common/errors';
import { logV } from '../common/log';
import type { PackageParameterization, RequiredPackage } from '../common/types';
import { checkMinimumGoVersion, findGo, goVersion } from './goCommand';
import { findModuleSources, loadGoMod, ModuleInfo } from './modules';

/** A package's pulumi-plugin.json, as the Go SDK's plugin.PulumiPluginJSON reads it. */
export interface PulumiPluginJson {
  resource?: boolean;
  name?: string;
  version?: string;
  server?: string;
  /** Replacement parameterization; `value` is base64, as Go encodes []byte. */
  parameterization?: { name: string; version: string; value?: string };
  /** Extension parameterization: the package extends its base plugin in place. */
  extensionParameterization?: { name: string; version: string; value?: string };
}

// The core SDK is no provider, whatever a pulumi-plugin.json below it may say.
const coreSdk = /^github\.com\/pulumi\/pulumi\/sdk(\/v\d+)?$/;
// github.com/pulumi/pulumi-aws/sdk/v6 => aws: the Pulumi providers' Go SDKs.
const providerSdk = /^github\.com\/pulumi\/pulumi-([^/]+)\/sdk(\/v\d+)?$/;
// Where a pulumi-plugin.json names no plugin, the Go host takes the name from the path all the same.
const pulumiRepository = /^github\.com\/pulumi\/pulumi-([^/]+)/;
// Go's pseudo-versions (cmd/go/internal/modfetch/pseudo.go), as the Go host's buildutil.IsPseudoVersion.
const pseudoVersion =
  /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
const tolerantSemver =
  /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

/**
 * The plugin version for a module version, as the Go host's normalizeVersion: the version as it is, but
 * a pseudo-version (`v1.29.1-0.20200403140640-efb5e2a48a86`, a commit after v1.29.0) becomes the release
 * before it (`v1.29.0`), which exists.
 */
export function normalizeVersion(version: string): string {
  const v = version.trim().match(tolerantSemver);
  if (!v) {
    throw new Error('module does not have semver compatible version');
  }
  if (version.split('-').length > 2 && pseudoVersion.test(version)) {
    const [major, minor, patch] = [v[1], v[2], v[3]].map(n => Number(n ?? 0));
    if (major === 0 && minor === 0 && patch === 0) {
      throw new Error('invalid pseduoversion with no prior tag');
    }
    return `v${major}.${minor}.${patch > 0 ? patch - 1 : 0}`;
  }
  return version;
}

/**
 * The package a module provides, as the Go host's getPackage, or an error saying why it provides none: a
 * module with a pulumi-plugin.json is a package when it says `resource: true`, named and versioned by it
 * where it says so; a module without one is a package when its path is a Pulumi provider's Go SDK,
 * `github.com/pulumi/pulumi-<name>/sdk[/vN]`. (The Go host takes any `github.com/pulumi/pulumi-*` path,
 * which counts pulumi-terraform-bridge or pulumi-go-provider as plugins; we take SDK paths only.) The core
 * SDK is never a package.
 */
export function packageOfModule(
  module: { Path: string; Version?: string },
  plugin: PulumiPluginJson | undefined,
): RequiredPackage {
  const sdk = module.Path.match(providerSdk);
  if (
    coreSdk.test(module.Path) ||
    (!plugin && !sdk) ||
    (plugin && !plugin.resource)
  ) {
    throw new Error('module is not a pulumi provider');
  }
  const name =
    plugin?.name || sdk?.[1] || module.Path.match(pulumiRepository)?.[1];
  if (!name) {
    throw new Error('module is not a pulumi provider');
  }
  return {
    name,
    version: normalizeVersion(plugin?.version || module.Version || ''),
    // Only pulumi-plugin.json can name a server or a parameterization.
    server: plugin?.server ?? '',
    parameterization: parameterization(plugin?.parameterization),
    extension: parameterization(plugin?.extensionParameterization),
  };
}

function parameterization(
  value: PulumiPluginJson['parameterization'],
): PackageParameterization | undefined {
  return (
    value && {
      name: value.name,
      version: value.version,
      value: Buffer.from(value.value ?? '', 'base64'),
    }
  );
}

/**
 * A module's pulumi-plugin.json, looked for where the Go host looks: the module's folder, `go/`, `go/*`
 * and `*`; undefined when there is none.
 */
export function readPulumiPluginJson(
  dir: string,
): PulumiPluginJson | undefined {
  const candidates = [
    path.join(dir, 'pulumi-plugin.json'),
    path.join(dir, 'go', 'pulumi-plugin.json'),
    ...subfolders(path.join(dir, 'go')).map(d =>
      path.join(d, 'pulumi-plugin.json'),
    ),
    ...subfolders(dir).map(d => path.join(d, 'pulumi-plugin.json')),
  ];
  for (const file of candidates) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    return JSON.parse(text) as PulumiPluginJson;
  }
  return undefined;
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => path.join(dir, entry.name))
      .sort();
  } catch {
    return [];
  }
}

/** The packages of the modules found, skipping (and logging) those that are none. */
export function packagesOfModules(modules: ModuleInfo[]): RequiredPackage[] {
  const packages: RequiredPackage[] = [];
  for (const m of modules) {
    try {
      const pkg = packageOfModule(
        m,
        m.Dir ? readPulumiPluginJson(m.Dir) : undefined,
      );
      logV(
        5,
        `GetRequiredPackages: Found package name: ${pkg.name}, version: ${pkg.version}`,
      );
      packages.push(pkg);
    } catch (error) {
      logV(
        5,
        `GetRequiredPackages: Ignoring dependency: ${m.Path}, version: ${
          m.Version
        }, error: ${messageOf(error)}`,
      );
    }
  }
  return packages;
}

/**
 * The packages (resource plugins) a Go program needs, as the Go host's GetRequiredPackages: the modules
 * its go.mod requires, found in the module cache or the vendor folder. Like the Go host it is lenient: a
 * program outside a module, or modules that cannot be listed, need no packages. A missing or too old `go`
 * fails the call.
 */
export async function findRequiredPackages(
  programDirectory: string,
): Promise<RequiredPackage[]> {
  let gobin;
  try {
    gobin = findGo();
  } catch (error) {
    throw new Error(`couldn't find go binary: ${messageOf(error)}`);
  }
  checkMinimumGoVersion(await goVersion(gobin));
  let modules: ModuleInfo[];
  try {
    const gomod = await loadGoMod(gobin, programDirectory);
    const paths = (gomod.file.Require ?? []).map(r => r.Path);
    modules = await findModuleSources(gobin, gomod.dir, paths);
  } catch (error) {
    logV(5, `GetRequiredPackages: Error reading modules: ${messageOf(error)}`);
    return [];
  }
  return packagesOfModules(modules);
}
