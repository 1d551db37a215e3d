import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  createTemporaryBackend,
  createTestEngineClient,
  TemporaryBackend,
  writeTestProject,
} from '../testUtils';
import { locatePulumiEngine, PulumiEngine } from './locateEngine';
import type { PulumiEngineClient } from './PulumiEngineClient';
import type { StackConfigValue } from './types';
import { useEnvironmentCanary } from './__testUtils__/environmentCanary';

// Go programs run as Pulumi runs them: the real CLI starts our Go language host (tools/pulumi-engine), which
// builds the program with the Go toolchain, offline from the module cache, and runs it. The program uses
// the component library through the `stackyard` component provider (examples/components).
jest.setTimeout(600_000);

const plain = (value: string): StackConfigValue => ({ value, secret: false });
const fixture = path.join(__dirname, '__fixtures__', 'go-program');
const componentsBin = path.resolve(
  __dirname,
  '../../../../examples/components/bin',
);

let engine: PulumiEngine;
let backend: TemporaryBackend;
let dataDir: string;
beforeAll(async () => {
  const located = await locatePulumiEngine();
  engine = {
    ...located,
    pluginDirs: [componentsBin, ...(located.pluginDirs ?? [])],
  };
  backend = await createTemporaryBackend({ kind: 'file' });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'stackyard-go-data-'));
});
afterAll(async () => {
  await backend?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

/** A copy of the fixture Go program as project `name`, with `main.go` replaced when given. */
async function goProject(name: string, mainGo?: string): Promise<string> {
  const files: Record<string, string> = {
    'Pulumi.yaml': `name: ${name}\nruntime: go\n`,
  };
  for (const file of ['go.mod', 'go.sum', 'main.go']) {
    files[file] = await readFile(path.join(fixture, file), 'utf8');
  }
  if (mainGo) {
    files['main.go'] = mainGo;
  }
  return writeTestProject({
    parentDir: backend.workDir,
    nodeModules: false,
    files,
  });
}

/** The build cache folder of a project: under the PULUMI_HOME the engine runs with. */
async function buildsOf(project: string): Promise<string> {
  const homes = await readdir(backend.pulumiHome);
  const found = homes
    .map(home =>
      path.join(backend.pulumiHome, home, 'stackyard/go-builds', project),
    )
    .filter(dir => existsSync(dir));
  expect(found).toHaveLength(1);
  return found[0];
}

async function createClient(
  dir: string,
  env?: Record<string, string>,
): Promise<PulumiEngineClient> {
  return createTestEngineClient({
    engine,
    backends: { local: backend },
    projects: [{ dir, backend: 'local', ...(env ? { env } : {}) }],
  });
}

describe('a Go program with a component of the component library', () => {
  it('updates, finds drift and destroys, building the program only once', async () => {
    const dir = await goProject('go-site');
    const client = await createClient(dir);
    const ref = { backendId: 'local', project: 'go-site', stack: 'dev' };
    await client.createStack(ref, {
      config: {
        title: plain('Docs in Go'),
        'stackyard:dataDir': plain(dataDir),
      },
    });

    const up = await client.runOperation({ ...ref, kind: 'up' });
    expect(up).toMatchObject({ status: 'succeeded' });
    const siteDir = path.join(dataDir, 'go-site', 'dev', 'site');
    expect(up.outputs).toMatchObject({
      stack: 'dev',
      dir: siteDir,
      url: `file://${siteDir}/index.html`,
    });
    expect(await readFile(path.join(siteDir, 'index.html'), 'utf8')).toContain(
      '<h1>Docs in Go</h1>',
    );
    expect(
      JSON.parse(await readFile(path.join(siteDir, 'site.json'), 'utf8')),
    ).toMatchObject({
      title: 'Docs in Go',
      cacheControl: 'public, max-age=60',
    });

    // The build cache holds the one build, and a preview of the same sources runs it as it is.
    const builds = await buildsOf('go-site');
    const [key] = await readdir(builds);
    const binary = path.join(builds, key, 'program');
    const built = statSync(binary);
    const preview = await client.runOperation({ ...ref, kind: 'preview' });
    expect(preview.status).toBe('succeeded');
    expect(await readdir(builds)).toEqual([key]);
    const reused = statSync(binary);
    expect([reused.ino, reused.mtimeMs]).toEqual([built.ino, built.mtimeMs]);

    await writeFile(
      path.join(siteDir, 'robots.txt'),
      'User-agent: *\nAllow: /\n',
    );
    const drift = await client.runOperation({ ...ref, kind: 'drift-check' });
    expect(drift.status).toBe('succeeded');
    expect(drift.drift).toEqual([
      expect.objectContaining({
        name: 'site-robots.txt',
        kind: 'changed',
        properties: [
          {
            path: 'content',
            expected: 'User-agent: *\nDisallow: /\n',
            actual: 'User-agent: *\nAllow: /\n',
          },
        ],
      }),
    ]);

    const destroyed = await client.runOperation({ ...ref, kind: 'destroy' });
    expect(destroyed.status).toBe('succeeded');
    for (const file of ['index.html', 'site.json', 'robots.txt']) {
      expect(existsSync(path.join(siteDir, file))).toBe(false);
    }
  });

  it('reports a compile error with its file and line', async () => {
    const dir = await goProject(
      'go-broken',
      'package main\n\nfunc main() {\n\tundefinedThing()\n}\n',
    );
    const client = await createClient(dir);
    const ref = { backendId: 'local', project: 'go-broken', stack: 'dev' };
    await client.createStack(ref, { config: {} });
    const result = await client.runOperation({ ...ref, kind: 'up' });
    expect(result.status).toBe('failed');
    expect(result.message).toContain('main.go:4:2: undefined: undefinedThing');
  });
});

describe('the environment of a Go program', () => {
  const canary = useEnvironmentCanary();

  it("holds what config names, and nothing of the backend's own", async () => {
    const dir = await goProject('go-envy');
    const client = await createClient(dir, { FROM_PROJECT: 'project-value' });
    const ref = { backendId: 'local', project: 'go-envy', stack: 'dev' };
    await client.createStack(ref, {
      config: { envNames: plain(`${canary} FROM_PROJECT PULUMI_HOME HOME`) },
    });
    expect((await client.runOperation({ ...ref, kind: 'up' })).status).toBe(
      'succeeded',
    );
    const { env } = (await client.getOutputs(ref, { reveal: ['env'] })) as {
      env: Record<string, string>;
    };
    expect(Object.keys(env).sort()).toEqual(
      ['FROM_PROJECT', 'HOME', 'PULUMI_HOME'].sort(),
    );
    expect(env[canary]).toBeUndefined();
    // Each backend has a PULUMI_HOME of its own under the configured home.
    expect(env.PULUMI_HOME).toBe(path.join(backend.pulumiHome, 'local'));
  });
});
