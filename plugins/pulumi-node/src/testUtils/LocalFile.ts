import * as pulumi from '@pulumi/pulumi';

/**
 * The inputs of a {@link LocalFile}.
 *
 * @public
 */
export interface LocalFileArgs {
  path: pulumi.Input<string>;
  content: pulumi.Input<string>;
}

interface LocalFileState {
  path: string;
  content: string;
}

// The engine serializes this provider and runs it in its own Node process, so it may use only what it
// requires itself.
const localFileProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: LocalFileState) {
    const fs = await import('node:fs/promises');
    await fs.writeFile(inputs.path, inputs.content);
    return { id: inputs.path, outs: inputs };
  },
  async read(id: string) {
    // The real file wins over the state's copy of its properties.
    const fs = await import('node:fs/promises');
    try {
      const content = await fs.readFile(id, 'utf8');
      return { id, props: { path: id, content } };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        // An empty result tells the engine the resource is gone.
        return {} as pulumi.dynamic.ReadResult;
      }
      throw error;
    }
  },
  async diff(_id: string, olds: LocalFileState, news: LocalFileState) {
    const replaces = olds.path !== news.path ? ['path'] : [];
    return {
      changes: replaces.length > 0 || olds.content !== news.content,
      replaces,
      deleteBeforeReplace: true,
    };
  },
  async update(_id: string, _olds: LocalFileState, news: LocalFileState) {
    const fs = await import('node:fs/promises');
    await fs.writeFile(news.path, news.content);
    return { outs: news };
  },
  async delete(id: string) {
    const fs = await import('node:fs/promises');
    await fs.rm(id, { force: true });
  },
};

/**
 * A file on this machine managed by a Node dynamic provider. It can drift: change or remove the file
 * outside Pulumi and a refresh sees it.
 *
 * @public
 */
export class LocalFile extends pulumi.dynamic.Resource {
  public declare readonly path: pulumi.Output<string>;
  public declare readonly content: pulumi.Output<string>;

  constructor(
    name: string,
    args: LocalFileArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(localFileProvider, name, { ...args }, opts, 'stackyard', 'LocalFile');
  }
}
