import {
  mkdir,
  mkdtemp,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  createTemporaryBackend,
  createTestEngineClient,
  sdkNodeModules,
  TemporaryBackend,
} from '../testUtils';
import { locatePulumiEngine } from './locateEngine';
import { PulumiEngineClient } from './PulumiEngineClient';

// Programs in each language Stackyard runs, through the real engine: TypeScript (run by our Node.js
// language host with the SDK's ts-node, type-checked, with a dynamic provider that imports inside its
// methods) and Pulumi YAML (run by the YAML language host built from Go modules).
jest.setTimeout(180_000);

describe('program runtimes, through the real engine', () => {
  let backend: TemporaryBackend;
  let client: PulumiEngineClient;
  let root: string;

  beforeAll(async () => {
    backend = await createTemporaryBackend({ kind: 'file' });
    client = await createTestEngineClient({
      engine: await locatePulumiEngine(),
      backends: { local: backend },
    });
    root = await mkdtemp(path.join(os.tmpdir(), 'stackyard-runtimes-'));
  });
  afterAll(async () => {
    await backend?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  async function project(name: string, files: Record<string, string>) {
    const dir = path.join(root, name);
    await mkdir(dir, { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      await writeFile(path.join(dir, file), content);
    }
    // Its own node_modules, as after `pulumi install`.
    await symlink(sdkNodeModules(), path.join(dir, 'node_modules'), 'dir');
    return dir;
  }

  it('runs a TypeScript program, with its own modules and a dynamic provider', async () => {
    const out = path.join(root, 'ts-out.txt');
    const dir = await project('ts-app', {
      'Pulumi.yaml': 'name: ts-app\nruntime: nodejs\n',
      'greeting.ts': `export const greet = (who: string): string => \`hello \${who}\`;\n`,
      'index.ts': `
import * as pulumi from '@pulumi/pulumi';
import { greet } from './greeting';

interface Inputs { path: string; text: string }
const provider: pulumi.dynamic.ResourceProvider<Inputs, Inputs> = {
  async create(inputs) {
    const fs = await import('node:fs/promises');
    await fs.writeFile(inputs.path, inputs.text);
    return { id: inputs.path, outs: inputs };
  },
};
class Note extends pulumi.dynamic.Resource {
  constructor(name: string, args: Inputs) {
    super(provider, name, args);
  }
}
const file = new Note('note', {
  path: ${JSON.stringify(out)},
  text: greet('typescript'),
});
export const id = file.id;
export const message: string = greet('world');
`,
    });
    const ref = { backendId: 'local', project: 'ts-app', stack: 'dev' };
    await client.createStack(ref, { programDir: dir });
    const result = await client.runOperation({
      ...ref,
      kind: 'up',
      programDir: dir,
    });
    expect(result).toMatchObject({
      status: 'succeeded',
      changeSummary: { create: 2 },
      outputs: { id: out, message: 'hello world' },
    });
    expect(await readFile(out, 'utf8')).toBe('hello typescript');
  });

  it('runs a Pulumi YAML program in the YAML language host, with its config', async () => {
    const dir = await project('yaml-app', {
      'Pulumi.yaml': [
        'name: yaml-app',
        'runtime: yaml',
        'config:',
        '  greeting:',
        '    type: string',
        '    default: hello',
        'variables:',
        '  message: ${greeting} from yaml',
        'outputs:',
        '  message: ${message}',
        '  stack: ${pulumi.stack}',
        '',
      ].join('\n'),
    });
    const ref = { backendId: 'local', project: 'yaml-app', stack: 'dev' };
    await client.createStack(ref, {
      programDir: dir,
      config: { greeting: { value: 'hi', secret: false } },
    });
    const result = await client.runOperation({
      ...ref,
      kind: 'up',
      programDir: dir,
    });
    expect(result).toMatchObject({
      status: 'succeeded',
      outputs: { message: 'hi from yaml', stack: 'dev' },
    });
  });

  it('previews a stack that does not exist yet in a scratch backend, and leaves the folder as it was', async () => {
    const stackFile = 'config:\n  preview-app:greeting: hello\n';
    const dir = await project('preview-app', {
      'Pulumi.yaml': [
        'name: preview-app',
        'runtime: yaml',
        'config:',
        '  greeting:',
        '    type: string',
        'outputs:',
        '  message: ${greeting}',
      ].join('\n'),
      'Pulumi.dev.yaml': stackFile,
    });
    const request = {
      backendId: 'local',
      project: 'preview-app',
      stack: 'dev',
      kind: 'preview' as const,
      programDir: dir,
    };
    await expect(client.runOperation(request)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    const result = await client.previewNewStack(request);
    expect(result).toMatchObject({
      status: 'succeeded',
      changeSummary: { create: 1 },
    });
    // Nothing reached the real backend, and the stack file holds no scratch salt.
    expect(await client.listStacks('local')).not.toContainEqual(
      expect.objectContaining({ project: 'preview-app' }),
    );
    expect(await readFile(path.join(dir, 'Pulumi.dev.yaml'), 'utf8')).toBe(
      stackFile,
    );
    // Encrypted config belongs to a real stack's key, which a scratch stack cannot read.
    await writeFile(
      path.join(dir, 'Pulumi.dev.yaml'),
      'config:\n  preview-app:greeting:\n    secure: AAAB\n',
    );
    await expect(client.previewNewStack(request)).rejects.toMatchObject({
      name: 'InputError',
    });
    await expect(
      client.previewNewStack({ ...request, kind: 'up' }),
    ).rejects.toMatchObject({ name: 'InputError' });
  });
});
