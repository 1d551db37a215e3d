import { existsSync } from 'node:fs';
import path from 'node:path';
import { logV } from '../common/log';
import { goOutput, runGo } from './goCommand';

/** A module requirement of go.mod. */
export interface GoRequire {
  Path: string;
  Version: string;
  Indirect?: boolean;
}

/** A replace directive of go.mod; a local replacement has a path and no version. */
export interface GoReplace {
  Old: { Path: string; Version?: string };
  New: { Path: string; Version?: string };
}

/** A program's go.mod, as `go mod edit -json` prints it. */
export interface GoModFile {
  Module?: { Path: string };
  Require?: GoRequire[] | null;
  Replace?: GoReplace[] | null;
}

/** The program's module: its folder and its go.mod. */
export interface GoModule {
  /** The folder of go.mod, which may be above the program's folder. */
  dir: string;
  file: GoModFile;
}

/** What `go list -m -json` and `go mod download -json` say about a module. */
export interface ModuleInfo {
  Path: string;
  Version?: string;
  /** The folder that holds its source, when it is in the module cache, the vendor folder or replaced. */
  Dir?: string;
}

/**
 * Finds and reads the program's go.mod as the Go host's loadGomod: `go list -m -f {{.GoMod}}` in the
 * program folder, with workspaces off (they would list every module of the workspace), then `go mod edit
 * -json` instead of Go's modfile parser.
 */
export async function loadGoMod(
  gobin: string,
  programDirectory: string,
): Promise<GoModule> {
  const env = { ...process.env, GOWORK: 'off' };
  const modPath = (
    await goOutput(gobin, ['list', '-m', '-f', '{{.GoMod}}'], {
      cwd: programDirectory,
      env,
    })
  ).trim();
  if (!modPath) {
    // go list succeeds and prints nothing outside a module.
    throw new Error(`no go.mod file found: ${programDirectory}`);
  }
  const json = await goOutput(gobin, ['mod', 'edit', '-json', modPath], {
    cwd: programDirectory,
    env,
  });
  return { dir: path.dirname(modPath), file: JSON.parse(json) as GoModFile };
}

/** The concatenated JSON objects that `go list -m -json` and `go mod download -json` print. */
export function parseJsonStream<T>(text: string): T[] {
  const values: T[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') {
        i++;
      } else if (c === '"') {
        inString = false;
      }
    } else if (c === '"') {
      inString = true;
    } else if (c === '{') {
      if (depth++ === 0) {
        start = i;
      }
    } else if (c === '}' && --depth === 0) {
      values.push(JSON.parse(text.slice(start, i + 1)) as T);
    }
  }
  return values;
}

/**
 * The source folders of the given modules, as the Go host's findModuleSources: `go list -m -json` first;
 * with a vendor folder, the vendored copies; otherwise `go mod download -json` for modules that are not in
 * the module cache yet. Modules whose source cannot be found are left out. Unlike the Go host, `go list`
 * runs with `-e`, so that one module it cannot look up (offline, say) does not hide all the others.
 */
export async function findModuleSources(
  gobin: string,
  moduleDir: string,
  modulePaths: string[],
): Promise<ModuleInfo[]> {
  if (modulePaths.length === 0) {
    return [];
  }
  const listed = await runGo(
    gobin,
    ['list', '-m', '-e', '-json', ...modulePaths],
    {
      cwd: moduleDir,
    },
  );
  if (listed.code !== 0) {
    throw new Error(
      `go list: exit status ${listed.code}: ${listed.stderr.trim()}`,
    );
  }
  const modules = parseJsonStream<ModuleInfo>(listed.stdout);
  const vendorDir = path.join(moduleDir, 'vendor');
  if (existsSync(vendorDir)) {
    // In vendor mode nothing has a Dir, and nothing can be downloaded.
    return modules
      .map(m => ({
        ...m,
        Dir: m.Dir || vendoredDir(vendorDir, m.Path),
      }))
      .filter(m => m.Dir);
  }
  const missing = modules.filter(m => !m.Dir).map(m => m.Path);
  if (missing.length > 0) {
    const downloaded = await runGo(
      gobin,
      ['mod', 'download', '-json', ...missing],
      { cwd: moduleDir },
    );
    if (downloaded.code !== 0) {
      logV(5, `go mod download: exit status ${downloaded.code}`);
    }
    const dirs = new Map(
      parseJsonStream<ModuleInfo>(downloaded.stdout)
        .filter(m => m.Dir)
        .map(m => [m.Path, m.Dir]),
    );
    for (const m of modules) {
      m.Dir = m.Dir || dirs.get(m.Path);
    }
  }
  return modules.filter(m => m.Dir);
}

function vendoredDir(
  vendorDir: string,
  modulePath: string,
): string | undefined {
  const dir = path.join(vendorDir, modulePath);
  return existsSync(dir) ? dir : undefined;
}
