import { ConfigReader } from '@backstage/config';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  findStoredProject,
  projectStoreFolder,
  readProjectStore,
} from './projectStore';

describe('the project store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'stackyard-store-'));
    const project = async (folder: string, name: string) => {
      await mkdir(path.join(dir, folder), { recursive: true });
      await writeFile(
        path.join(dir, folder, 'Pulumi.yaml'),
        `name: ${name}\nruntime: nodejs\n`,
      );
    };
    await project('top', 'top');
    await project('nested/infra', 'nested');
    await project('renamed', 'something-else');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads its folder from config, absolute', () => {
    expect(readProjectStore(new ConfigReader({}))).toBeUndefined();
    expect(
      readProjectStore(
        new ConfigReader({ pulumi: { projectStore: { dir: 'rel/store' } } }),
      ),
    ).toEqual({ dir: path.resolve('rel/store') });
    expect(() =>
      readProjectStore(
        new ConfigReader({ pulumi: { projectStore: { dir: ' ' } } }),
      ),
    ).toThrow('pulumi.projectStore.dir must name a folder');
  });

  it('finds a project at the top of its folder or in a subfolder, by its name', () => {
    const store = { dir };
    expect(findStoredProject(store, 'top')?.dir).toBe(path.join(dir, 'top'));
    expect(findStoredProject(store, 'nested')?.dir).toBe(
      path.join(dir, 'nested', 'infra'),
    );
    // A folder whose project has another name holds no program for this one.
    expect(findStoredProject(store, 'renamed')).toBeUndefined();
    expect(findStoredProject(store, 'missing')).toBeUndefined();
    expect(findStoredProject(store, '../top')).toBeUndefined();
  });

  it('keeps every project folder inside the store', () => {
    expect(projectStoreFolder({ dir }, 'site')).toBe(path.join(dir, 'site'));
    expect(() => projectStoreFolder({ dir }, '../site')).toThrow(
      "project '../site' is not a valid project name",
    );
  });
});
