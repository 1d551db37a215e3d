import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProjectStoreUrlReader } from './ProjectStoreUrlReader';

describe('ProjectStoreUrlReader', () => {
  let root: string;
  let store: string;
  let reader: ReturnType<typeof UrlReaders.default>;
  const url = (...parts: string[]) =>
    pathToFileURL(path.join(store, ...parts)).href;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'stackyard-store-'));
    store = path.join(root, 'store');
    await mkdir(path.join(store, 'site', 'infra'), { recursive: true });
    await mkdir(path.join(store, 'site', 'node_modules', 'x'), {
      recursive: true,
    });
    await writeFile(path.join(store, 'site', 'catalog-info.yaml'), 'kind: x\n');
    await writeFile(
      path.join(store, 'site', 'infra', 'Pulumi.yaml'),
      'name: site\n',
    );
    await writeFile(path.join(store, 'site', 'node_modules', 'x', 'a.js'), '');
    await writeFile(path.join(root, 'secret.txt'), 'not for the catalog');
    // Through UrlReaders, as the backend builds the url reader service.
    reader = UrlReaders.default({
      config: mockServices.rootConfig({
        data: { pulumi: { projectStore: { dir: store } } },
      }),
      logger: mockServices.logger.mock(),
      factories: [ProjectStoreUrlReader.factory],
    });
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('reads a file of the store, with an etag that says when it has not changed', async () => {
    const response = await reader.readUrl(url('site', 'catalog-info.yaml'));
    expect((await response.buffer()).toString()).toBe('kind: x\n');
    await expect(
      reader.readUrl(url('site', 'catalog-info.yaml'), {
        etag: response.etag,
      }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('finds one file for the catalog, and no file for a missing one', async () => {
    const found = await reader.search(url('site', 'catalog-info.yaml'));
    expect(found.files).toHaveLength(1);
    expect((await found.files[0].content()).toString()).toBe('kind: x\n');
    expect((await reader.search(url('site', 'missing.yaml'))).files).toEqual(
      [],
    );
    await expect(reader.search(url('site', '*.yaml'))).rejects.toMatchObject({
      name: 'InputError',
    });
  });

  it('reads a folder as a tree, without node_modules', async () => {
    const tree = await reader.readTree(url('site'));
    const files = (await tree.files()).map(f => f.path).sort();
    expect(files).toEqual(['catalog-info.yaml', 'infra/Pulumi.yaml']);
  });

  it('reads nothing outside the store', async () => {
    const outside = pathToFileURL(path.join(root, 'secret.txt')).href;
    // No reader takes the URL: the store's reader does not, and no other reads file URLs.
    await expect(reader.readUrl(outside)).rejects.toThrow();
    await expect(
      reader.readUrl(url('site', '..', '..', 'secret.txt')),
    ).rejects.toThrow();
    const direct = new ProjectStoreUrlReader({ dir: store }, {} as any);
    await expect(direct.readUrl(outside)).rejects.toMatchObject({
      name: 'InputError',
    });
    expect(direct.handles(new URL(outside))).toBe(false);
    expect(direct.handles(new URL('https://example.com/site'))).toBe(false);
  });
});
