import {
  copyFileSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChild } from '../common/childProcess';
import { messageOf } from '../common/errors';
import { searchUp } from '../common/files';
import { logV } from '../common/log';
import {
  buildCacheKey,
  buildCacheRoot,
  cachedBinaryPath,
  hashSourceTree,
  localReplaceDirs,
  lookupBuild,
  prepareBuild,
  storeBuild,
  temporaryBeside,
} from './buildCache';
import { findGo, goOutput } from './goCommand';

/** What to build: a program or plugin folder, and the cache bucket it belongs to. */
export interface BuildRequest {
  programDirectory: string;
  /** The project (or plugin) name: its builds share a folder of the cache. */
  cacheName: string;
  /** The buildTarget option: where the binary must be put, relative to the program folder. */
  buildTarget?: string;
  signal?: AbortSignal;
}

/** A built program. */
export interface BuiltProgram {
  /** The binary to run. */
  binary: string;
  /** Whether the binary is a temporary file that the caller removes after running it. */
  temporary: boolean;
}

// The `go env` settings that change what `go build` makes, besides the sources and the toolchain.
const buildSettings = [
  'GOOS',
  'GOARCH',
  'CGO_ENABLED',
  'GOFLAGS',
  'GOEXPERIMENT',
  'GOAMD64',
  'GOARM64',
];

/**
 * Builds a Go program as the Go host's compileProgram (`go build -o <binary>` in the program folder), with
 * a build cache in front: a build is keyed by the toolchain, the buildTarget option and the content of
 * every source file (see {@link buildCacheKey}), and a second run of unchanged sources runs the binary it
 * built before without calling `go build`. With a buildTarget the binary is also put there, as Pulumi
 * does. A failed build fails with the compiler's output, so that the user sees the file and line.
 */
export async function buildProgram(
  request: BuildRequest,
): Promise<BuiltProgram> {
  const dir = request.programDirectory;
  if (!readdirSync(dir).some(name => name.endsWith('.go'))) {
    throw new Error(
      `Failed to find go files for 'go build' matching ${path.join(
        dir,
        '*.go',
      )}`,
    );
  }
  let gobin: string;
  try {
    gobin = findGo();
  } catch (error) {
    throw new Error(`unable to find 'go' executable: ${messageOf(error)}`);
  }
  const cached = await cachedBinary(gobin, request).catch(error => {
    logV(5, `building without the build cache: ${messageOf(error)}`);
    return undefined;
  });
  if (cached && lookupBuild(cached)) {
    logV(5, `using the cached build ${cached}`);
    return place(cached, request);
  }
  const output = buildOutput(cached);
  try {
    await goBuild(gobin, dir, output, request.signal);
  } catch (error) {
    rmSync(output, { force: true });
    throw error;
  }
  if (cached && keep(output, cached)) {
    return place(cached, request);
  }
  return request.buildTarget
    ? place(output, request, true)
    : { binary: output, temporary: true };
}

/** Where to build to: a temporary name in the cache, or outside it when the cache cannot be written. */
function buildOutput(cached: string | undefined): string {
  if (cached) {
    try {
      return prepareBuild(cached);
    } catch (error) {
      logV(5, `building without the build cache: ${messageOf(error)}`);
    }
  }
  return temporaryBeside(path.join(os.tmpdir(), 'pulumi-go'));
}

/** Moves a build into the cache; false when it cannot (it is then run from where it was built). */
function keep(output: string, cached: string): boolean {
  if (path.dirname(output) !== path.dirname(cached)) {
    return false;
  }
  try {
    storeBuild(output, cached);
    return true;
  } catch (error) {
    logV(5, `could not keep the build in the cache: ${messageOf(error)}`);
    return false;
  }
}

/** The cache path of this build's binary; fails when the sources cannot be read. */
async function cachedBinary(
  gobin: string,
  request: BuildRequest,
): Promise<string> {
  const dir = request.programDirectory;
  const [version, settings] = await Promise.all([
    goOutput(gobin, ['version'], { cwd: dir }),
    goOutput(gobin, ['env', ...buildSettings], { cwd: dir }),
  ]);
  const goMod = searchUp(dir, 'go.mod');
  // The whole module is the build's source, when the program is a folder of a bigger module.
  const moduleDir = goMod ? path.dirname(goMod) : dir;
  const roots = [
    moduleDir,
    ...(goMod ? localReplaceDirs(readFileSync(goMod, 'utf8'), moduleDir) : []),
  ];
  const skip = request.buildTarget && path.resolve(dir, request.buildTarget);
  const key = buildCacheKey({
    toolchain: `${version.trim()}\n${settings.trim()}`,
    buildTarget: request.buildTarget ?? '',
    programDirectory: dir,
    sourceHashes: roots.map(root => [root, hashSourceTree(root, skip)]),
  });
  return cachedBinaryPath(buildCacheRoot(), request.cacheName, key);
}

async function goBuild(
  gobin: string,
  dir: string,
  output: string,
  signal?: AbortSignal,
): Promise<void> {
  logV(
    5,
    `Attempting to build go program in ${dir} with: ${gobin} build -o ${output}`,
  );
  const chunks: Buffer[] = [];
  const exit = await runChild({
    command: gobin,
    args: ['build', '-o', output],
    cwd: dir,
    env: process.env,
    signal,
    stopSignal: 'SIGINT',
    onStdout: chunk => chunks.push(chunk),
    onStderr: chunk => chunks.push(chunk),
  }).catch(error => {
    throw new Error(
      `error in compiling Go: unable to run \`go build\`: ${messageOf(error)}`,
    );
  });
  if (exit.code !== 0) {
    const text = Buffer.concat(chunks).toString().trimEnd();
    throw new Error(
      `error in compiling Go: unable to run \`go build\`: exit status ${
        exit.code
      }${text ? `\n${text}` : ''}`,
    );
  }
  let mode = 0;
  try {
    mode = statSync(output).mode;
  } catch {
    // not written: not a main package
  }
  if ((mode & 0o111) === 0) {
    throw new Error(
      "go program is not executable, does your program have a 'main' package?",
    );
  }
}

/**
 * The binary to run: `binary` itself, or with a buildTarget a copy there (a hard link when it can be; a
 * rename makes it appear whole), as the user asked for it there.
 */
function place(
  binary: string,
  request: BuildRequest,
  temporary = false,
): BuiltProgram {
  if (!request.buildTarget) {
    return { binary, temporary };
  }
  const target = path.resolve(request.programDirectory, request.buildTarget);
  mkdirSync(path.dirname(target), { recursive: true });
  if (temporary) {
    moveFile(binary, target);
    return { binary: target, temporary: false };
  }
  const staging = temporaryBeside(target);
  try {
    linkSync(binary, staging);
  } catch {
    copyFileSync(binary, staging);
  }
  renameSync(staging, target);
  return { binary: target, temporary: false };
}

/** Renames a file, or copies it where a rename cannot go (another file system). */
function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    const staging = temporaryBeside(to);
    copyFileSync(from, staging);
    renameSync(staging, to);
    rmSync(from, { force: true });
  }
}
