// A file on this machine as a Pulumi resource, through a Node dynamic provider. It stands in for cloud
// infrastructure in the offline demo: it is created, read, updated and deleted for real, and it drifts
// when someone edits or removes the file outside Pulumi.
'use strict';

const pulumi = require('@pulumi/pulumi');

// The engine serializes this provider and runs it in a process of its own, so it imports what it needs
// inside each method.
const provider = {
  async create(inputs) {
    const fs = await import('node:fs/promises');
    const path = await import('node:path');
    await fs.mkdir(path.dirname(inputs.path), { recursive: true });
    await fs.writeFile(inputs.path, inputs.content);
    return {
      id: inputs.path,
      outs: { path: inputs.path, content: inputs.content },
    };
  },
  async read(id) {
    const fs = await import('node:fs/promises');
    try {
      const content = await fs.readFile(id, 'utf8');
      return { id, props: { path: id, content } };
    } catch (error) {
      if (error && error.code === 'ENOENT') {
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
    return { outs: { path: news.path, content: news.content } };
  },
  async delete(id) {
    const fs = await import('node:fs/promises');
    await fs.rm(id, { force: true });
  },
};

/** A file with the given content at the given path. */
class LocalFile extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(
      provider,
      name,
      { path: args.path, content: args.content },
      opts,
      'stackyard',
      'LocalFile',
    );
  }
}

/** A folder of files as one component, so that stacks show a resource tree. */
class FileSet extends pulumi.ComponentResource {
  constructor(name, args, opts) {
    super('stackyard:index:FileSet', name, {}, opts);
    const path = require('node:path');
    this.files = Object.fromEntries(
      Object.entries(args.files).map(([file, content]) => [
        file,
        new LocalFile(
          `${name}-${file}`,
          { path: path.join(args.dir, file), content },
          { parent: this },
        ),
      ]),
    );
    this.dir = pulumi.output(args.dir);
    this.registerOutputs({ dir: this.dir });
  }
}

module.exports = { LocalFile, FileSet };
