import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PluginJsonParameterization } from '../common/pluginJson';
import type { PythonRuntime } from './toolchain';

const execFileAsync = promisify(execFile);

/** The plugin file of a Python package: `<module>/pulumi-plugin.json` (or the older pulumiplugin.json). */
export interface PluginJson {
  resource?: boolean;
  name?: string;
  version?: string;
  server?: string;
  parameterization?: PluginJsonParameterization;
}

/** A distribution installed in the program's Python. */
export interface InstalledPackage {
  name: string;
  version: string;
  /** Its plugin file, when its module has one. */
  plugin?: PluginJson;
}

// One Python process lists every distribution with its plugin file, instead of Pulumi's `pip list` and a
// `pip show` per package.
const listScript = `
import importlib.metadata, json, os
found = []
for dist in importlib.metadata.distributions():
    name = dist.metadata["Name"]
    if not name:
        continue
    plugin = None
    module = name.lower().replace("-", "_")
    for file in ("pulumi-plugin.json", "pulumiplugin.json"):
        path = str(dist.locate_file(os.path.join(module, file)))
        if os.path.isfile(path):
            with open(path) as handle:
                plugin = json.load(handle)
            break
    found.append({"name": name, "version": dist.version, "plugin": plugin})
print(json.dumps(found))
`;

/** Every distribution installed in the program's Python, each once, sorted by name. */
export async function listInstalledPackages(
  runtime: PythonRuntime,
  cwd: string,
): Promise<InstalledPackage[]> {
  const { stdout } = await execFileAsync(runtime.python, ['-c', listScript], {
    cwd,
    env: runtime.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const listed = JSON.parse(stdout) as Array<
    InstalledPackage & { plugin: PluginJson | null }
  >;
  const byName = new Map<string, InstalledPackage>();
  for (const { name, version, plugin } of listed) {
    if (!byName.has(name.toLowerCase())) {
      byName.set(name.toLowerCase(), {
        name,
        version,
        plugin: plugin ?? undefined,
      });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
