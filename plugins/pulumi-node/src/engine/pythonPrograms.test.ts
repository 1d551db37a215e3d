import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createTemporaryBackend,
  createTestEngineClient,
  createTestProject,
  pythonSdkVirtualenv,
  TemporaryBackend,
  writeTestProject,
} from '../testUtils';
import {
  CheckKind,
  cliTextDrift,
  runPulumiCli,
} from './__testUtils__/pulumiCli';
import { runRecorded } from './__testUtils__/runRecorded';
import { locatePulumiEngine, PulumiEngine } from './locateEngine';
import type { PulumiEngineClient } from './PulumiEngineClient';
import type { StackConfigValue } from './types';
import { useEnvironmentCanary } from './__testUtils__/environmentCanary';

// A Python program through the real CLI and our Python language host (packages/pulumi-language-hosts),
// with the Python SDK's virtualenv beside the engine: the fixture project `python`, whose files are
// managed by a Python dynamic provider that the engine runs through pulumi-resource-pulumi-python. The
// tests share one stack and build on each other in the order written.
jest.setTimeout(300_000);

const API_KEY = 'py-api-key-4b7e19c2';
const FILE_TYPE = 'pulumi-python:dynamic:Resource';
const secret = (value: string): StackConfigValue => ({ value, secret: true });
const plain = (value: string): StackConfigValue => ({ value, secret: false });

describe('a Python program with a Python dynamic provider', () => {
  const ref = { backendId: 'local', project: 'pyfiles', stack: 'dev' };
  let engine: PulumiEngine;
  let backend: TemporaryBackend;
  let client: PulumiEngineClient;
  let projectDir: string;
  const seen: unknown[] = [];
  const outFile = (name: string) =>
    path.join(projectDir, 'out', ref.stack, name);
  const check = (kind: CheckKind) =>
    runRecorded(client, { ...ref, kind, programDir: projectDir }, seen);

  beforeAll(async () => {
    engine = await locatePulumiEngine();
    backend = await createTemporaryBackend({ kind: 'file' });
    projectDir = await createTestProject({
      name: 'python',
      parentDir: backend.workDir,
    });
    client = await createTestEngineClient({
      engine,
      backends: { local: backend },
      projects: [{ dir: projectDir, backend: 'local' }],
    });
    await client.createStack(ref, {
      config: { apiKey: secret(API_KEY), content: plain('hello') },
    });
  });
  afterAll(() => backend?.dispose());

  it('previews, then creates the files', async () => {
    const preview = await client.runOperation({ ...ref, kind: 'preview' });
    seen.push(preview);
    expect(preview).toMatchObject({ status: 'succeeded' });
    expect(preview.changeSummary).toMatchObject({ create: 3 });

    await runRecorded(client, { ...ref, kind: 'up' }, seen);
    expect(await readFile(outFile('index.html'), 'utf8')).toBe('hello');
    const outputs = await client.getOutputs(ref);
    expect(outputs).toMatchObject({
      path: outFile('index.html'),
      aboutPath: outFile('about.html'),
      apiKeyLength: '[secret]',
    });
  });

  it('finds a file edited by hand, with the changed property, as the raw CLI does', async () => {
    expect(await check('drift-check-program')).toEqual([]);
    await writeFile(outFile('index.html'), 'edited by hand');
    await rm(outFile('about.html'));

    const findings = await check('drift-check-program');
    const byName = Object.fromEntries(findings.map(f => [f.name, f]));
    expect(byName.index).toMatchObject({
      type: FILE_TYPE,
      kind: 'changed',
      properties: [
        { path: 'content', expected: 'hello', actual: 'edited by hand' },
      ],
    });
    expect(byName.about).toMatchObject({ type: FILE_TYPE, kind: 'deleted' });

    // The CLI's `refresh --preview-only --diff` marks the same resources and the same properties.
    const text = cliTextDrift(
      await runPulumiCli(
        {
          engine,
          backend,
          projectDir,
          stack: `organization/${ref.project}/${ref.stack}`,
        },
        'refresh',
        '--preview-only',
        '--diff',
      ),
    );
    expect(text).toEqual(
      Object.fromEntries(
        findings.map(f => [
          f.urn,
          f.kind === 'deleted' ? 'delete' : f.properties.map(p => p.path),
        ]),
      ),
    );
  });

  it('restores the files with an update', async () => {
    await runRecorded(client, { ...ref, kind: 'up' }, seen);
    expect(await readFile(outFile('index.html'), 'utf8')).toBe('hello');
    expect(await readFile(outFile('about.html'), 'utf8')).toBe(
      'about this site',
    );
    expect(await check('drift-check-program')).toEqual([]);
  });

  it('reports an exception with its file and line, redacted', async () => {
    await client.setConfig(ref, { failWith: plain('cannot reach the API') });
    const result = await client.runOperation({ ...ref, kind: 'preview' });
    seen.push(result);
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/__main__\.py", line \d+, in <module>/);
    expect(result.message).toContain(
      'RuntimeError: cannot reach the API: [secret]',
    );
    // Only the program's own frames: not the exec script's, nor runpy's.
    expect(result.message).not.toContain('pulumi-language-python-exec');
    await client.setConfig(ref, { failWith: plain('') });
  });

  it('destroys the files', async () => {
    await runRecorded(client, { ...ref, kind: 'destroy' }, seen);
    await expect(readFile(outFile('index.html'), 'utf8')).rejects.toThrow(
      /ENOENT/,
    );
  });

  it('never shows the secret', () => {
    expect(JSON.stringify(seen)).not.toContain(API_KEY);
  });
});

describe('the environment of a Python program', () => {
  const canary = useEnvironmentCanary();

  it("holds what config names, and nothing of the backend's own", async () => {
    const backend = await createTemporaryBackend({ kind: 'file' });
    try {
      const dir = await createTestProject({
        name: 'python',
        parentDir: backend.workDir,
      });
      const client = await createTestEngineClient({
        engine: await locatePulumiEngine(),
        backends: { local: { ...backend, env: { FROM_BACKEND: 'b-value' } } },
        projects: [{ dir, env: { FROM_PROJECT: 'p-value' } }],
      });
      const ref = { backendId: 'local', project: 'pyfiles', stack: 'env' };
      await client.createStack(ref, {
        config: { apiKey: secret(API_KEY), exportEnvironment: plain('true') },
      });
      const result = await client.runOperation({ ...ref, kind: 'up' });
      expect(result.status).toBe('succeeded');
      const { environment } = (await client.getOutputs(ref, {
        reveal: ['environment'],
      })) as { environment: Record<string, string> };
      expect(Object.keys(environment)).toEqual(
        expect.arrayContaining(['FROM_BACKEND', 'FROM_PROJECT', 'PATH']),
      );
      expect(environment[canary]).toBeUndefined();
      expect(
        Object.keys(environment).filter(
          name => name in process.env && !/^(PATH|HOME)$/.test(name),
        ),
      ).toEqual([]);
    } finally {
      await backend.dispose();
    }
  });
});

describe('the shapes of a Python project', () => {
  it("runs the package under Pulumi.yaml's main, which imports its own modules", async () => {
    const backend = await createTemporaryBackend({ kind: 'file' });
    try {
      const dir = await writeTestProject({
        parentDir: backend.workDir,
        nodeModules: false,
        files: {
          'Pulumi.yaml':
            'name: pymain\nmain: app\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n',
          'app/__main__.py':
            'import pulumi\nfrom greeting import greet\npulumi.export("greeting", greet(pulumi.get_project()))\n',
          'app/greeting.py': 'def greet(who):\n    return f"hello {who}"\n',
        },
      });
      await symlink(pythonSdkVirtualenv(), path.join(dir, 'venv'), 'dir');
      const client = await createTestEngineClient({
        engine: await locatePulumiEngine(),
        backends: { local: backend },
        projects: [{ dir }],
      });
      const ref = { backendId: 'local', project: 'pymain', stack: 'dev' };
      await client.createStack(ref, { config: {} });
      const result = await client.runOperation({ ...ref, kind: 'up' });
      expect(result).toMatchObject({
        status: 'succeeded',
        outputs: { greeting: 'hello pymain' },
      });
    } finally {
      await backend.dispose();
    }
  });
});
