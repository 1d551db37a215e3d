import type { PulumiFn } from '@pulumi/pulumi/automation';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

interface LoadedModule {
  exports: unknown;
}

type ModuleCache = Map<string, LoadedModule>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function notFound(id: string, from: string): Error {
  return Object.assign(new Error(`Cannot find module '${id}' from ${from}`), {
    code: 'MODULE_NOT_FOUND',
  });
}

/** Node's resolution of a file id, without the package.json `main` of folders. */
function resolveFile(base: string): string | undefined {
  return [
    base,
    `${base}.js`,
    `${base}.cjs`,
    `${base}.json`,
    `${base}.ts`,
    path.join(base, 'index.js'),
    path.join(base, 'index.ts'),
  ].find(candidate => existsSync(candidate) && statSync(candidate).isFile());
}

function isPathId(id: string): boolean {
  return (
    id === '.' ||
    id === '..' ||
    id.startsWith('./') ||
    id.startsWith('../') ||
    path.isAbsolute(id)
  );
}

function requireFrom(id: string, fromFile: string, cache: ModuleCache) {
  if (isPathId(id)) {
    const file = resolveFile(path.resolve(path.dirname(fromFile), id));
    if (!file) throw notFound(id, fromFile);
    return loadModule(file, cache);
  }
  try {
    // Packages come from this library first, so that the program's `@pulumi/pulumi` is the very instance
    // the Automation API runs it with: a second copy would register its resources with nobody.
    return require(id);
  } catch (error) {
    if ((error as { code?: string })?.code !== 'MODULE_NOT_FOUND') throw error;
    return createRequire(fromFile)(id);
  }
}

/**
 * TypeScript to CommonJS, file by file and without a type check, as ts-node's transpile-only mode: the
 * program's own type check belongs to its build, not to each run.
 */
function transpile(source: string, file: string): string {
  const result = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: {
      // Node16 keeps `import()` as it is, which dynamic providers use inside their methods.
      module: ts.ModuleKind.Node16,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  });
  const syntax = result.diagnostics?.find(
    d => d.category === ts.DiagnosticCategory.Error,
  );
  if (syntax) {
    const where =
      syntax.file && syntax.start !== undefined
        ? syntax.file.getLineAndCharacterOfPosition(syntax.start)
        : undefined;
    throw new Error(
      `${file}${
        where ? `:${where.line + 1}:${where.character + 1}` : ''
      }: ${ts.flattenDiagnosticMessageText(syntax.messageText, '\n')}`,
    );
  }
  return result.outputText;
}

/**
 * Evaluates one CommonJS file of the program, TypeScript transpiled first. The project's own files bypass
 * Node's module cache, so that each run sees the files as they are now, as a fresh `pulumi up` process would.
 */
function loadModule(file: string, cache: ModuleCache): unknown {
  const cached = cache.get(file);
  if (cached) return cached.exports;
  if (file.endsWith('.json')) {
    const json = { exports: JSON.parse(readFileSync(file, 'utf8')) };
    cache.set(file, json);
    return json.exports;
  }
  const module: LoadedModule = { exports: {} };
  // Registered before it runs, so that a require cycle sees the partial exports, as in Node.
  cache.set(file, module);
  const source = readFileSync(file, 'utf8').replace(/^#!.*/, '');
  const code = file.endsWith('.ts') ? transpile(source, file) : source;
  // The Function constructor, unlike the vm module, compiles in the realm of the caller: under jest the
  // program then shares its globals with the @pulumi/pulumi it requires. The sourceURL names the file in
  // stack traces.
  // eslint-disable-next-line no-new-func
  const factory = new Function(
    'exports',
    'require',
    'module',
    '__filename',
    '__dirname',
    `${code}\n//# sourceURL=${file}`,
  );
  const localRequire = (id: string) => requireFrom(id, file, cache);
  factory.call(
    module.exports,
    module.exports,
    localRequire,
    module,
    file,
    path.dirname(file),
  );
  return module.exports;
}

async function runProgram(folder: {
  dir: string;
  main: string;
}): Promise<Record<string, unknown>> {
  if (!existsSync(folder.main)) {
    throw new Error(
      `The program's main file ${folder.main} does not exist in ${folder.dir}`,
    );
  }
  const exported = loadModule(folder.main, new Map());
  let entry: unknown;
  if (typeof exported === 'function') {
    entry = exported;
  } else if (isObject(exported) && typeof exported.default === 'function') {
    entry = exported.default;
  }
  const outputs = await (typeof entry === 'function' ? entry() : exported);
  if (outputs === undefined || outputs === null) return {};
  if (!isObject(outputs) || Array.isArray(outputs)) {
    throw new Error(
      `${folder.main} must export an object of stack outputs, or a function that returns one`,
    );
  }
  // A transpiled ES module marks its exports; the marker is no output.
  const copy: Record<string, unknown> = { ...outputs };
  delete copy.__esModule;
  return copy;
}

/**
 * The program of a Pulumi project folder as an Automation API inline program, with the contract of Pulumi's
 * Node.js runtime: a module that exports a function (or a `default` function) is called and its resolved
 * value is the stack's outputs; otherwise its exports are. The entry file is CommonJS JavaScript or
 * TypeScript, read afresh on every run. An error of the program fails the run with the error's message,
 * redacted by `options.redact`.
 *
 * @public
 */
export function projectProgram(
  folder: { dir: string; main: string },
  options: { redact?: (text: string) => string } = {},
): PulumiFn {
  const redact = options.redact ?? (text => text);
  return async () => {
    try {
      return await runProgram(folder);
    } catch (error) {
      // The SDK reports a program's error through an unhandled rejection, which the host process may log
      // as it is (Backstage does): the error that leaves here must hold no secret.
      const original =
        error instanceof Error ? error : new Error(String(error));
      const safe = new Error(redact(original.message));
      safe.stack = redact(original.stack ?? safe.message);
      throw safe;
    }
  };
}
