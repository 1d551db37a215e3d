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

  it('reads the project name and runtime; the language host reads main', async () => {
    const dir = await folder('web', 'name: web\nruntime: nodejs\n');
    expect(readProjectFolder(dir, 'programDir')).toEqual({
      dir,
      name: 'web',
      runtime: 'nodejs',
    });
    const other = await folder(
      'api',
      'name: api\nruntime:\n  name: nodejs\nmain: dist/\n',
    );
    expect(readProjectFolder(other, 'programDir')).toEqual({
      dir: other,
      name: 'api',
      runtime: 'nodejs',
    });
  });

  it('reads a Pulumi YAML project', async () => {
    const dir = await folder('low', 'name: low\nruntime: yaml\n');
    expect(readProjectFolder(dir, 'programDir')).toEqual({
      dir,
      name: 'low',
      runtime: 'yaml',
    });
  });

  it('reads the variables that config names for a project, and refuses those Stackyard sets', () => {
    const config = (env: JsonObject) =>
      new ConfigReader({ pulumi: { projects: [{ dir: root, env }] } });
    return folder('.', 'name: envy\nruntime: nodejs\n').then(() => {
      expect(
        readProjectFolders(config({ AWS_REGION: 'eu-west-1' }), [])[0].env,
      ).toEqual({ AWS_REGION: 'eu-west-1' });
      expect(() =>
        readProjectFolders(config({ PULUMI_BACKEND_URL: 'file:///x' }), []),
      ).toThrow(
        'pulumi.projects[0].env.PULUMI_BACKEND_URL is set by Stackyard itself',
      );
      expect(() => readProjectFolders(config({ 'A-B': 'x' }), [])).toThrow(
        'pulumi.projects[0].env.A-B is not an environment variable name',
      );
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
    ['another runtime', 'name: p\nruntime: java\n', /'java' project/],
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
