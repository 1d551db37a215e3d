import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The fixture projects of the test utilities, by name.
 *
 * - `files`: files on this machine, managed by a Node dynamic provider. Needs the secret config `apiKey`;
 *   `content`, `delayMs` and `failWith` change what it does, and `secretFile: 'true'` adds a file whose
 *   content is `apiKey`, secret in the state too. Outputs `path`, `aboutPath` and the secret
 *   `apiKeyDigest`.
 *
 * @public
 */
export type TestProjectName = 'files';

/** The package's root, found the same way from the source files as from a build in dist/. */
function packageRoot(): string {
  return path.dirname(
    require.resolve('@stackyard/plugin-pulumi-node/package.json'),
  );
}

/**
 * A fresh copy of a fixture Pulumi project folder, for tests to configure as `pulumi.projects` or pass as
 * `programDir`. Its program writes its files into the copy, under `out/<stack>`.
 *
 * @public
 */
export async function createTestProject(
  options: {
    name?: TestProjectName;
    /** A folder to create the copy in, such as a temporary backend's `workDir`; by default the temp folder. */
    parentDir?: string;
  } = {},
): Promise<string> {
  const name = options.name ?? 'files';
  const source = path.join(
    packageRoot(),
    'src',
    'testUtils',
    'fixtures',
    `${name}-project`,
  );
  const dir = await mkdtemp(
    path.join(options.parentDir ?? os.tmpdir(), `${name}-project-`),
  );
  await cp(source, dir, { recursive: true });
  return dir;
}
