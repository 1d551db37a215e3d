// A file on this machine as a Pulumi resource, through a Node dynamic provider. It stands in for cloud
// infrastructure offline: it is created, read, updated and deleted for real, and it drifts when someone
// edits or removes the file outside Pulumi.
import * as pulumi from '@pulumi/pulumi';

/** The inputs of a {@link LocalFile}. */
export interface LocalFileArgs {
  /** The absolute path of the file. Changing it replaces the file. */
  path: pulumi.Input<string>;
  /** The file's content. */
  content: pulumi.Input<string>;
}

/** What a {@link localFileProvider} keeps of a file: its path, which is also its id, and its content. */
export interface LocalFileState {
  path: string;
  content: string;
}

/**
 * The dynamic provider of a {@link LocalFile}: it writes the file (and its folder), reads it back, and
 * deletes it. The file on disk wins: `read` takes the path and content from it, and a missing file reads as
 * a deleted resource. Any other property is the provider's caller's: `create` and `update` keep every input
 * in the outputs, and `read` keeps the state's other properties, which a file cannot tell, as they are; a
 * provider that wraps this one to add inputs of its own compares them in its own `diff`.
 *
 * The engine serializes the provider and runs it in a process of its own, so each method imports what it
 * needs itself.
 */
export const localFileProvider: pulumi.dynamic.ResourceProvider<
  LocalFileState,
  LocalFileState
> = {
  async create(inputs) {
    const fs = await import('node:fs/promises');
    const path = await import('node:path');
    await fs.mkdir(path.dirname(inputs.path), { recursive: true });
    await fs.writeFile(inputs.path, inputs.content);
    return { id: inputs.path, outs: { ...inputs } };
  },
  async read(id, props) {
    const fs = await import('node:fs/promises');
    try {
      const content = await fs.readFile(id, 'utf8');
      return { id, props: { ...props, path: id, content } };
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') {
        // No id: the resource is gone.
        return {};
      }
      throw error;
    }
  },
  async diff(_id, olds, news) {
    const replaces = olds.path !== news.path ? ['path'] : [];
    return {
      changes: replaces.length > 0 || olds.content !== news.content,
      replaces,
      deleteBeforeReplace: true,
    };
  },
  async update(_id, _olds, news) {
    const fs = await import('node:fs/promises');
    const path = await import('node:path');
    await fs.mkdir(path.dirname(news.path), { recursive: true });
    await fs.writeFile(news.path, news.content);
    return { outs: { ...news } };
  },
  async delete(id) {
    const fs = await import('node:fs/promises');
    await fs.rm(id, { force: true });
  },
};

/** A file with the given content at the given path. */
export class LocalFile extends pulumi.dynamic.Resource {
  declare readonly path: pulumi.Output<string>;
  declare readonly content: pulumi.Output<string>;

  constructor(
    name: string,
    args: LocalFileArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      localFileProvider,
      name,
      { path: args.path, content: args.content },
      opts,
      'stackyard',
      'LocalFile',
    );
  }
}

/** The inputs of a {@link FileSet}. */
export interface FileSetArgs {
  /** The folder of the files. */
  dir: pulumi.Input<string>;
  /** The files, by name relative to the folder, with their content. */
  files: Record<string, pulumi.Input<string>>;
}

/** A folder of files as one component, so that stacks show a resource tree. */
export class FileSet extends pulumi.ComponentResource {
  readonly dir: pulumi.Output<string>;
  readonly files: Record<string, LocalFile>;

  constructor(
    name: string,
    args: FileSetArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('stackyard:index:FileSet', name, {}, opts);
    this.dir = pulumi.output(args.dir);
    this.files = Object.fromEntries(
      Object.entries(args.files).map(([file, content]) => [
        file,
        new LocalFile(
          `${name}-${file}`,
          { path: this.dir.apply(dir => `${dir}/${file}`), content },
          { parent: this },
        ),
      ]),
    );
    this.registerOutputs({ dir: this.dir });
  }
}
