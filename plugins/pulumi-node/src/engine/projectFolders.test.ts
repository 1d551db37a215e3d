import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  findProjectFolder,
  readProjectFolder,
  readProjectFolders,
} from './projectFolders';

describe('project folders', () => {
  let root: string;
  const folder = async (name: string, projectFile?: string) => {
    const dir = path.join(root, name);
    await mkdir(dir, { recursive: true });
    if (projectFile !== undefined) {
      await writeFile(path.join(dir, 'Pulumi.yaml'), projectFile);
    }
    return dir;
  };

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'stackyard-folders-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('reads the project name and the main file', async () => {
    const dir = await folder('web', 'name: web\nruntime: nodejs\n');
    expect(readProjectFolder(dir, 'programDir')).toEqual({
      dir,
      name: 'web',
      runtime: 'nodejs',
      main: path.join(dir, 'index.js'),
    });
    const other = await folder(
      'api',
      'name: api\nruntime:\n  name: nodejs\nmain: dist/\n',
    );
    await mkdir(path.join(other, 'dist'));
    expect(readProjectFolder(other, 'programDir').main).toBe(
      path.join(other, 'dist', 'index.js'),
    );
  });

  it('takes index.ts when a TypeScript project has no index.js', async () => {
    const dir = await folder('ts', 'name: ts\nruntime: nodejs\n');
    await writeFile(path.join(dir, 'index.ts'), 'export const a = 1;\n');
    expect(readProjectFolder(dir, 'programDir').main).toBe(
      path.join(dir, 'index.ts'),
    );
    await writeFile(path.join(dir, 'index.js'), 'exports.a = 1;\n');
    expect(readProjectFolder(dir, 'programDir').main).toBe(
      path.join(dir, 'index.js'),
    );
  });

  it('reads a Pulumi YAML project', async () => {
    const dir = await folder('low', 'name: low\nruntime: yaml\n');
    expect(readProjectFolder(dir, 'programDir')).toEqual({
      dir,
      name: 'low',
      runtime: 'yaml',
      main: path.join(dir, 'Pulumi.yaml'),
    });
  });

  it.each([
    ['no project file', undefined, /has no Pulumi.yaml/],
    ['no name', 'runtime: nodejs\n', /invalid Pulumi.yaml: name:/],
    [
      'a bad name',
      'name: ../x\nruntime: nodejs\n',
      /invalid Pulumi.yaml: name:/,
    ],
    ['another runtime', 'name: p\nruntime: python\n', /'python' project/],
    ['a main outside', 'name: p\nruntime: nodejs\nmain: ../x.js\n', /outside/],
    ['broken YAML', 'name: [\n', /invalid Pulumi.yaml/],
  ])('rejects a folder with %s, naming the field', async (_, file, message) => {
    const dir = await folder('bad', file);
    expect(() => readProjectFolder(dir, 'programDir')).toThrow(InputError);
    expect(() => readProjectFolder(dir, 'programDir')).toThrow(/^programDir /);
    expect(() => readProjectFolder(dir, 'programDir')).toThrow(message);
  });

  it('reads pulumi.projects, checking backends and duplicates', async () => {
    const web = await folder('web', 'name: web\nruntime: nodejs\n');
    const webLocal = await folder('web-local', 'name: web\nruntime: nodejs\n');
    const read = (projects: JsonObject[]) =>
      readProjectFolders(new ConfigReader({ pulumi: { projects } }), [
        'local',
        'prod',
      ]);

    const folders = read([{ dir: web }, { dir: webLocal, backend: 'local' }]);
    expect(findProjectFolder(folders, 'local', 'web')?.dir).toBe(webLocal);
    expect(findProjectFolder(folders, 'prod', 'web')?.dir).toBe(web);
    expect(findProjectFolder(folders, 'prod', 'api')).toBeUndefined();

    expect(() => read([{ dir: web, backend: 'nope' }])).toThrow(
      /^pulumi\.projects\[0\]\.backend 'nope'/,
    );
    expect(() => read([{ dir: web }, { dir: webLocal }])).toThrow(
      /^pulumi\.projects\[1\] is a second folder for project 'web'/,
    );
    expect(() => read([{ dir: path.join(root, 'missing') }])).toThrow(
      /^pulumi\.projects\[0\]\.dir /,
    );
  });
});
