import * as pulumi from '@pulumi/pulumi';
import { Stack } from '@pulumi/pulumi/automation';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { selectInlineStack } from '../engine/inlineStack';
import { PulumiEngine } from '../engine/locateEngine';
import { LocalFile } from './LocalFile';
import { TemporaryBackend } from './temporaryBackend';

/**
 * Deploys a real stack with `up`: one {@link LocalFile} per entry of `files` in the backend's scratch
 * folder, and the outputs `files` (their paths) and `token` (a secret).
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
}): Promise<{ stack: Stack; paths: Record<string, string> }> {
  const files = options.files ?? { 'index.html': 'hello' };
  const dir = path.join(
    options.backend.workDir,
    options.project,
    options.stack,
  );
  const paths = Object.fromEntries(
    Object.keys(files).map(name => [name, path.join(dir, name)]),
  );
  const stack = await selectInlineStack({
    engine: options.engine,
    backend: options.backend,
    pulumiHome: options.backend.pulumiHome,
    projectName: options.project,
    stackName: options.stack,
    program: async () => {
      await mkdir(dir, { recursive: true });
      const created = Object.entries(files).map(
        ([name, content]) =>
          [name, new LocalFile(name, { path: paths[name], content })] as const,
      );
      return {
        files: Object.fromEntries(created.map(([name, f]) => [name, f.path])),
        token: pulumi.secret('s3cr3t-value'),
      };
    },
  });
  for (const [key, value] of Object.entries(options.tags ?? {})) {
    await stack.setTag(key, value);
  }
  await stack.up();
  return { stack, paths };
}
