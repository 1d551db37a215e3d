import {
  createServiceFactory,
  type UrlReaderService,
  type UrlReaderServiceReadTreeOptions,
  type UrlReaderServiceReadTreeResponse,
  type UrlReaderServiceReadUrlOptions,
  type UrlReaderServiceReadUrlResponse,
  type UrlReaderServiceSearchOptions,
  type UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  type ReaderFactory,
  type ReadTreeResponseFactory,
  ReadUrlResponseFactory,
  urlReaderFactoriesServiceRef,
} from '@backstage/backend-defaults/urlReader';
import { InputError, NotFoundError, NotModifiedError } from '@backstage/errors';
import {
  readProjectStore,
  type ProjectStore,
} from '@stackyard/plugin-pulumi-node';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** Folders a published project may hold that are no part of it. */
const SKIPPED = new Set(['node_modules', '.git']);

/**
 * Reads the project store (`pulumi.projectStore.dir`) for the catalog and the scaffolder: `file://` URLs of
 * files and folders inside the store, and nothing outside it. This is how `catalog:register` takes the
 * `catalog-info.yaml` of a project that `pulumi:project:publish` put there.
 *
 * @public
 */
export class ProjectStoreUrlReader implements UrlReaderService {
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    const store = readProjectStore(config);
    if (!store) return [];
    const reader = new ProjectStoreUrlReader(store, treeResponseFactory);
    return [{ predicate: url => reader.handles(url), reader }];
  };

  constructor(
    private readonly store: ProjectStore,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
  ) {}

  /** Whether a URL names a path inside the store. */
  handles(url: URL): boolean {
    if (url.protocol !== 'file:') return false;
    try {
      return this.inside(fileURLToPath(url));
    } catch {
      return false;
    }
  }

  private inside(file: string): boolean {
    const relative = path.relative(this.store.dir, path.resolve(file));
    return (
      relative !== '' &&
      !relative.startsWith('..') &&
      !path.isAbsolute(relative)
    );
  }

  /** The path a URL names, which must be inside the store. */
  private pathOf(url: string): string {
    let file: string;
    try {
      file = fileURLToPath(new URL(url));
    } catch {
      throw new InputError(`'${url}' is not a file URL`);
    }
    if (!this.inside(file)) {
      throw new InputError(`'${url}' is outside the project store`);
    }
    return path.resolve(file);
  }

  private async readExisting(file: string, url: string) {
    try {
      const [content, info] = await Promise.all([readFile(file), stat(file)]);
      return { content, info };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
        throw new NotFoundError(`${url} is not a file of the project store`);
      }
      throw error;
    }
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { content, info } = await this.readExisting(this.pathOf(url), url);
    const etag = createHash('sha256').update(content).digest('hex');
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    return ReadUrlResponseFactory.fromReadable(Readable.from(content), {
      etag,
      lastModifiedAt: info.mtime,
    });
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const root = this.pathOf(url);
    const files: Array<{ file: string; relative: string; mtime: Date }> = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') {
          throw new NotFoundError(
            `${url} is not a folder of the project store`,
          );
        }
        throw error;
      }
      for (const entry of entries.sort((a, b) =>
        a.name.localeCompare(b.name),
      )) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED.has(entry.name)) await walk(file);
        } else if (entry.isFile()) {
          const info = await stat(file);
          const relative = path.relative(root, file).split(path.sep).join('/');
          if (!options?.filter || options.filter(relative, info)) {
            files.push({ file, relative, mtime: info.mtime });
          }
        }
      }
    };
    await walk(root);
    const hash = createHash('sha256');
    for (const f of files) hash.update(`${f.relative}\0${f.mtime.getTime()}\0`);
    const etag = hash.digest('hex');
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    return this.treeResponseFactory.fromReadableArray(
      files.map(f => ({
        data: createReadStream(f.file),
        path: f.relative,
        lastModifiedAt: f.mtime,
      })),
    );
  }

  /** One file by its URL, as the catalog reads a location; the store does not take glob patterns. */
  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    if (/[*?[\]{}]/.test(new URL(url).pathname)) {
      throw new InputError(
        `'${url}': the project store reads single files, not glob patterns`,
      );
    }
    try {
      const response = await this.readUrl(url, options);
      const content = await response.buffer();
      return {
        files: [
          { url, content: async () => content, ...lastModified(response) },
        ],
        etag: response.etag ?? '',
      };
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') {
        return { files: [], etag: '' };
      }
      throw error;
    }
  }

  toString() {
    return `project-store{dir=${this.store.dir}}`;
  }
}

function lastModified(response: UrlReaderServiceReadUrlResponse) {
  return response.lastModifiedAt
    ? { lastModifiedAt: response.lastModifiedAt }
    : {};
}

/**
 * Adds the project store's URL reader to the backend, so that the catalog reads what
 * `pulumi:project:publish` puts in the store. Add it to the backend beside the scaffolder module:
 * `backend.add(pulumiProjectStoreUrlReader)`.
 *
 * @public
 */
export const pulumiProjectStoreUrlReader = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return ProjectStoreUrlReader.factory;
  },
});
