import type { Stack } from '@pulumi/pulumi/automation';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stateVersion } from './stateVersion';

describe('stateVersion', () => {
  let root: string;
  let exports: string[];
  // A stack whose CLI only answers `stack export`, with the next of `exports`.
  const stack = {
    name: 'dev',
    workspace: {
      workDir: os.tmpdir(),
      envVars: {},
      pulumiCommand: {
        run: async (args: string[]) => {
          expect(args.slice(0, 2)).toEqual(['stack', 'export']);
          expect(args).not.toContain('--show-secrets');
          return { stdout: exports.shift() };
        },
      },
    },
  } as unknown as Stack;
  const stateFile = () =>
    path.join(root, '.pulumi', 'stacks', 'files', 'dev.json');
  // As the CLI writes a state: to a new file, renamed into place.
  const writeState = async (content: string) => {
    const temporary = `${stateFile()}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, stateFile());
  };

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'stackyard-state-version-'));
    await mkdir(path.dirname(stateFile()), { recursive: true });
    exports = [];
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('reads a file backend state from its file, and sees every write', async () => {
    const place = { backendUrl: `file://${root}`, project: 'files' };
    await writeState('{"version":3}');
    const first = await stateVersion(stack, place);
    expect(await stateVersion(stack, place)).toBe(first);
    // The same content, written again: still another state file.
    await writeState('{"version":3}');
    expect(await stateVersion(stack, place)).not.toBe(first);
    expect(exports).toEqual([]);
  });

  it('asks the CLI for other backends, and for a file backend without the file', async () => {
    exports = ['{"a":1}', '{"a":1}', '{"a":2}'];
    const s3 = { backendUrl: 's3://bucket', project: 'files' };
    const first = await stateVersion(stack, s3);
    expect(await stateVersion(stack, s3)).toBe(first);
    const missing = { backendUrl: `file://${root}/elsewhere`, project: 'x' };
    expect(await stateVersion(stack, missing)).not.toBe(first);
    expect(exports).toEqual([]);
  });
});
