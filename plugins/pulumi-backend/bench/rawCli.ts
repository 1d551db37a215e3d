// The raw CLI that the benchmarks compare the plugin with: one `pulumi refresh --preview-only` of a stack,
// run and timed the way a person would run it by hand.
import { createEngineEnvironment } from '@stackyard/plugin-pulumi-node';
import type {
  PulumiEngine,
  TemporaryBackend,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A timer of the raw `pulumi refresh --preview-only` of one stack of the test project in `projectDir`: the
 * engine's environment is made once, and each call runs the CLI for one stack (`organization/project/stack`)
 * and returns how long it took, in milliseconds.
 */
export function rawRefresh(options: {
  engine: PulumiEngine;
  backend: TemporaryBackend;
  projectDir: string;
}): (stack: string) => Promise<number> {
  const { engine, backend, projectDir } = options;
  const env = createEngineEnvironment({
    engineRoot: engine.root,
    pulumiHome: backend.pulumiHome,
    backendUrl: backend.url,
    passphrase: backend.passphrase,
  });
  return async stack => {
    const start = process.hrtime.bigint();
    await run(
      path.join(engine.root, 'bin', 'pulumi'),
      ['refresh', '--preview-only', '--non-interactive', '--stack', stack],
      { cwd: projectDir, env },
    );
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
}

/**
 * A temporary folder with only a `Pulumi.yaml` naming `project`: where Stackyard runs an operation that
 * needs no program, so that the raw CLI run there does the same work. In the program's own folder the
 * CLI also asks the language host which plugins the program needs.
 */
export async function bareProjectFolder(project: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'stackyard-bench-bare-'));
  await writeFile(
    path.join(dir, 'Pulumi.yaml'),
    `name: ${project}\nruntime: nodejs\n`,
  );
  return dir;
}
