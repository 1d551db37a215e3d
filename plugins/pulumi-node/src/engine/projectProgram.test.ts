import * as pulumi from '@pulumi/pulumi';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { projectProgram } from './projectProgram';

describe('projectProgram', () => {
  let dir: string;
  const main = () => path.join(dir, 'index.js');
  const run = (options?: Parameters<typeof projectProgram>[1]) =>
    projectProgram({ dir, main: main() }, options)();

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'stackyard-program-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('uses the exports as the outputs', async () => {
    await writeFile(main(), `exports.a = 1; exports.b = 'two';`);
    await expect(run()).resolves.toEqual({ a: 1, b: 'two' });
  });

  it('calls an exported function, or a default one, and awaits it', async () => {
    await writeFile(main(), `module.exports = async () => ({ a: 1 });`);
    await expect(run()).resolves.toEqual({ a: 1 });
    await writeFile(
      main(),
      `Object.defineProperty(exports, '__esModule', { value: true, enumerable: true });
exports.default = () => ({ b: 2 });`,
    );
    await expect(run()).resolves.toEqual({ b: 2 });
  });

  it('transpiles TypeScript files, the entry and the modules it imports', async () => {
    const ts = path.join(dir, 'index.ts');
    await writeFile(
      path.join(dir, 'lib.ts'),
      `export const twice = (n: number): number => n * 2;`,
    );
    await writeFile(
      ts,
      `import { twice } from './lib';\nexport const four: number = twice(2);\nexport default undefined;`,
    );
    await expect(projectProgram({ dir, main: ts })()).resolves.toEqual({
      four: 4,
      default: undefined,
    });
  });

  it('names the file, line and column of a TypeScript syntax error', async () => {
    const ts = path.join(dir, 'index.ts');
    await writeFile(ts, `export const a = 1;\nexport const b = ;\n`);
    await expect(projectProgram({ dir, main: ts })()).rejects.toThrow(
      `${ts}:2:18: Expression expected.`,
    );
  });

  it('reads the files afresh on every run', async () => {
    await writeFile(path.join(dir, 'lib.js'), `module.exports = 'first';`);
    await writeFile(
      main(),
      `exports.value = require('./lib'); exports.data = require('./data.json').n;`,
    );
    await writeFile(path.join(dir, 'data.json'), '{"n": 1}');
    await expect(run()).resolves.toEqual({ value: 'first', data: 1 });
    await writeFile(path.join(dir, 'lib.js'), `module.exports = 'second';`);
    await writeFile(path.join(dir, 'data.json'), '{"n": 2}');
    await expect(run()).resolves.toEqual({ value: 'second', data: 2 });
  });

  it('gives the program the same @pulumi/pulumi as this library, and its own file names', async () => {
    await writeFile(
      main(),
      `exports.sdk = require('@pulumi/pulumi'); exports.file = __filename; exports.dir = __dirname;`,
    );
    const outputs = (await run()) as Record<string, unknown>;
    expect(outputs.sdk).toBe(pulumi);
    expect(outputs.file).toBe(main());
    expect(outputs.dir).toBe(dir);
  });

  it('fails with the redacted error of the program', async () => {
    await writeFile(
      main(),
      `module.exports = () => { throw new Error('cannot use hunter22'); };`,
    );
    const error = await run({
      redact: text => text.replace(/hunter22/g, '[secret]'),
    }).catch(e => e);
    expect(error.message).toBe('cannot use [secret]');
    expect(error.stack).toContain('cannot use [secret]');
    expect(error.stack).not.toContain('hunter22');
  });

  it('names a missing module, a missing main file and outputs that are no object', async () => {
    await writeFile(main(), `require('./missing');`);
    await expect(run()).rejects.toThrow("Cannot find module './missing'");
    await writeFile(main(), `module.exports = () => 42;`);
    await expect(run()).rejects.toThrow('must export an object');
    await rm(main());
    await expect(run()).rejects.toThrow('does not exist');
  });
});
