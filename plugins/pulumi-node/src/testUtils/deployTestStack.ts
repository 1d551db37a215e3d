import * as pulumi from '@pulumi/pulumi';
import { PulumiFn, Stack } from '@pulumi/pulumi/automation';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { selectInlineStack } from '../engine/inlineStack';
import { PulumiEngine } from '../engine/locateEngine';
import { readProjectFolder } from '../engine/projectFolders';
import { projectProgram } from '../engine/projectProgram';
import { LocalFile } from './LocalFile';
import { TemporaryBackend } from './temporaryBackend';

/**
 * Deploys a real stack with `up`.
 *
 * Without `projectDir`, the program is built in: one {@link LocalFile} per entry of `files` in the backend's
 * scratch folder, and the outputs `files` (their paths) and `token` (a secret). With `projectDir`, the
 * program is that project folder's (see {@link createTestProject}), and config set here goes to the
 * folder's `Pulumi.<stack>.yaml`, as `pulumi config set` would put it.
 *
 * @public
 */
export async function deployTestStack(options: {
  engine: PulumiEngine;
  backend: TemporaryBackend;
  project: string;
  stack: string;
  files?: Record<string, string>;
  tags?: Record<string, string>;
  /** Stacks of the same backend that the built-in program reads with a `pulumi.StackReference`. */
  stackReferences?: string[];
  /** A Pulumi project folder whose program to deploy; its project name must be `project`. */
  projectDir?: string;
  /** Plain config values, by key without the project prefix. */
  config?: Record<string, string>;
  /** Secret config values, by key without the project prefix. */
  secretConfig?: Record<string, string>;
}): Promise<{ stack: Stack; paths: Record<string, string> }> {
  const files = options.files ?? { 'index.html': 'hello' };
  const dir = path.join(
    options.backend.workDir,
    options.project,
    options.stack,
  );
  const paths = options.projectDir
    ? {}
    : Object.fromEntries(
        Object.keys(files).map(name => [name, path.join(dir, name)]),
      );
  let program: PulumiFn = async () => {
    await mkdir(dir, { recursive: true });
    const created = Object.entries(files).map(
      ([name, content]) =>
        [name, new LocalFile(name, { path: paths[name], content })] as const,
    );
    for (const name of options.stackReferences ?? []) {
      new pulumi.StackReference(name); // eslint-disable-line no-new
    }
    return {
      files: Object.fromEntries(created.map(([name, f]) => [name, f.path])),
      token: pulumi.secret('s3cr3t-value'),
    };
  };
  if (options.projectDir) {
    const folder = readProjectFolder(options.projectDir, 'projectDir');
    if (folder.name !== options.project) {
      throw new Error(
        `${options.projectDir} holds project '${folder.name}', not '${options.project}'`,
      );
    }
    program = projectProgram(folder);
  }
  const stack = await selectInlineStack({
    engine: options.engine,
    backend: options.backend,
    pulumiHome: options.backend.pulumiHome,
    projectName: options.project,
    stackName: options.stack,
    program,
    workDir: options.projectDir,
  });
  for (const [key, value] of Object.entries(options.tags ?? {})) {
    await stack.setTag(key, value);
  }
  const config = {
    ...Object.fromEntries(
      Object.entries(options.config ?? {}).map(([k, value]) => [k, { value }]),
    ),
    ...Object.fromEntries(
      Object.entries(options.secretConfig ?? {}).map(([k, value]) => [
        k,
        { value, secret: true },
      ]),
    ),
  };
  if (Object.keys(config).length > 0) {
    await stack.setAllConfig(config);
  }
  await stack.up();
  return { stack, paths };
}
