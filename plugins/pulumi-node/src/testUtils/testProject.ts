import {
  cp,
  mkdir,
  mkdtemp,
  readFile,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultPulumiEngineRoot } from '../engine/locateEngine';

/**
 * The fixture projects of the test utilities, by name.
 *
 * - `files`: files on this machine (`index`, `about`), through the demo component library's `LocalFile`
 *   provider (`@stackyard-examples/components`, built to its `dist/`) wrapped with test knobs: the config
 *   `content` changes index.html, `delayMs` makes each write take that long, `failWith` makes the write of
 *   index.html fail with that message, and the engine's environment variable `STACKYARD_TEST_READ_DELAY_MS`
 *   makes each read take that long. Needs the secret config `apiKey`; `secretFile: 'true'` adds a file
 *   whose content is `apiKey`, secret in the state too. Outputs `path`, `aboutPath` and the secret
 *   `apiKeyDigest`.
 * - `docs`: JSON documents on this machine (`doc-array`, `doc-map`, `doc-text`), managed by a Node dynamic
 *   provider whose `read` returns the real outputs but no inputs. Needs the secret config `apiKey`, which
 *   every document holds.
 * - `kubernetes`: a TypeScript program on the real Kubernetes provider, which finds its cluster through
 *   `KUBECONFIG`: a Namespace named by the config `namespace`, the ConfigMaps `settings` and `features`, the
 *   Secret `credentials` (from the secret config `password`) and the Deployment `web`, which reads both and
 *   skips the provider's wait for pods. `ignoreReplicas: 'true'` ignores changes of its replicas.
 * - `python`: files on this machine, managed by a Python dynamic provider, in a Python program run by our
 *   Python language host with the SDK's virtualenv. Needs the secret config `apiKey`; `content` changes
 *   index.html; `failWith` makes the program raise an exception that holds `apiKey`;
 *   `exportEnvironment: 'true'` exports the program's whole environment, secret, as `environment`.
 *
 * The built-in program of `deployTestStack` (`stack-project`) deploys the library's `LocalFile` as it is.
 *
 * @public
 */
export type TestProjectName = 'files' | 'docs' | 'kubernetes' | 'python';

/** The package's root, found the same way from the source files as from a build in dist/. */
function packageRoot(): string {
  return path.dirname(
    require.resolve('@stackyard/plugin-pulumi-node/package.json'),
  );
}

/**
 * The `node_modules` folder that holds this library's `@pulumi/pulumi`: test projects link theirs to it,
 * so that their programs run with an SDK of their own folder, as any project's do, with nothing to install.
 * Tests of programs in other folders, such as a scaffolder task's workspace, give it to the engine as
 * `NODE_PATH` (a backend's `env`), as the demo does.
 *
 * @public
 */
export function sdkNodeModules(): string {
  // .../node_modules/@pulumi/pulumi/package.json -> .../node_modules
  return path.resolve(
    require.resolve('@pulumi/pulumi/package.json'),
    '..',
    '..',
    '..',
  );
}

/**
 * The virtualenv of the Python SDK that tools/pulumi-engine/build.sh makes beside the engine
 * (STACKYARD_PYTHON_SDK, else `lib/python` of the engine's folder): Python test projects link their
 * `venv` to it.
 *
 * @public
 */
export function pythonSdkVirtualenv(): string {
  const { STACKYARD_PYTHON_SDK, STACKYARD_PULUMI_ROOT } = process.env;
  return (
    STACKYARD_PYTHON_SDK ??
    path.join(
      STACKYARD_PULUMI_ROOT ?? defaultPulumiEngineRoot(),
      'lib',
      'python',
    )
  );
}

/**
 * Copies a fixture project into `dir`, names its project `project` (when given) and links its
 * `node_modules` to the SDK's.
 */
export async function copyFixtureProject(
  fixture: string,
  dir: string,
  project?: string,
): Promise<void> {
  const source = path.join(
    packageRoot(),
    'src',
    'testUtils',
    'fixtures',
    fixture,
  );
  await cp(source, dir, { recursive: true });
  if (project) {
    const file = path.join(dir, 'Pulumi.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/^name: .*$/m, `name: ${project}`));
  }
  await symlink(sdkNodeModules(), path.join(dir, 'node_modules'), 'dir');
  if (fixture === 'python-project') {
    await symlink(pythonSdkVirtualenv(), path.join(dir, 'venv'), 'dir');
  }
}

/**
 * A fresh copy of a fixture Pulumi project folder, for tests to configure as `pulumi.projects` or pass as
 * `programDir`. Its program writes its files into the copy, under `out/<stack>`. Its `node_modules` links
 * to the SDK of this library, so that it runs through the Node.js language host with nothing to install.
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
  const dir = await mkdtemp(
    path.join(options.parentDir ?? os.tmpdir(), `${name}-project-`),
  );
  await copyFixtureProject(`${name}-project`, dir);
  return dir;
}

/**
 * A new Pulumi project folder with the given files (by path relative to the folder), for tests of what
 * programs do. Its `node_modules` links to this library's SDK unless `nodeModules` names another folder,
 * such as an install of another `@pulumi/pulumi` version, or is `false`.
 *
 * @public
 */
export async function writeTestProject(options: {
  files: Record<string, string>;
  parentDir?: string;
  nodeModules?: string | false;
}): Promise<string> {
  const dir = await mkdtemp(
    path.join(options.parentDir ?? os.tmpdir(), 'stackyard-project-'),
  );
  for (const [name, content] of Object.entries(options.files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  if (options.nodeModules !== false) {
    await symlink(
      options.nodeModules ?? sdkNodeModules(),
      path.join(dir, 'node_modules'),
      'dir',
    );
  }
  return dir;
}
