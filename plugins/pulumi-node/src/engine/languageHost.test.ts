import type { EngineEvent } from '@pulumi/pulumi/automation';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createTemporaryBackend,
  createTestEngineClient,
  sdkNodeModules,
  TemporaryBackend,
  TestProjectConfig,
  writeTestProject,
} from '../testUtils';
import { locatePulumiEngine, PulumiEngine } from './locateEngine';
import type { PulumiEngineClient } from './PulumiEngineClient';
import type { OperationRequest, StackConfigValue } from './types';
import { useEnvironmentCanary } from './__testUtils__/environmentCanary';

// Programs run as Pulumi runs them: the real CLI starts our Node.js language host (tools/pulumi-engine),
// which starts the program with the project's own @pulumi/pulumi, in processes of their own.
jest.setTimeout(300_000);

const plain = (value: string): StackConfigValue => ({ value, secret: false });
const secret = (value: string): StackConfigValue => ({ value, secret: true });
const projectFile = (name: string, extra = '') =>
  `name: ${name}\nruntime: nodejs\n${extra}`;

/** A dynamic provider whose resource is a file, in TypeScript: it can drift. */
const FILE_PROVIDER = `
type File = { path: string; content: string };
const fileProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: File) {
    const fs = await import('node:fs/promises');
    await fs.writeFile(inputs.path, inputs.content);
    return { id: inputs.path, outs: inputs };
  },
  async read(id: string) {
    const fs = await import('node:fs/promises');
    return { id, props: { path: id, content: await fs.readFile(id, 'utf8') } };
  },
  async diff(_id: string, olds: File, news: File) {
    return { changes: olds.content !== news.content };
  },
  async update(_id: string, _olds: File, news: File) {
    const fs = await import('node:fs/promises');
    await fs.writeFile(news.path, news.content);
    return { outs: news };
  },
  async delete(id: string) {
    const fs = await import('node:fs/promises');
    await fs.rm(id, { force: true });
  },
};
`;

let engine: PulumiEngine;
let backend: TemporaryBackend;
beforeAll(async () => {
  engine = await locatePulumiEngine();
  backend = await createTemporaryBackend({ kind: 'file' });
});
afterAll(() => backend?.dispose());

/** A Node.js project `name` in the backend's scratch folder, with `files` beside its project files. */
function nodeProject(
  name: string,
  files: Record<string, string>,
  options: { pulumiYaml?: string; packageJson?: object } = {},
): Promise<string> {
  return writeTestProject({
    parentDir: backend.workDir,
    files: {
      'Pulumi.yaml': projectFile(name, options.pulumiYaml),
      'package.json': JSON.stringify({ name, ...options.packageJson }),
      ...files,
    },
  });
}

function clientFor(
  projects: TestProjectConfig[],
  config?: Record<string, unknown>,
): Promise<PulumiEngineClient> {
  return createTestEngineClient({
    engine,
    backends: { local: backend },
    projects,
    config,
  });
}

/** Creates the stack with `config` and runs `kind` on it. */
async function run(
  client: PulumiEngineClient,
  ref: { project: string; stack: string },
  kind: OperationRequest['kind'],
  options: Partial<OperationRequest> & {
    config?: Record<string, StackConfigValue>;
  } = {},
) {
  const { config, ...request } = options;
  const full = { backendId: 'local', ...ref };
  if (config) await client.createStack(full, { config });
  return client.runOperation({ ...full, kind, ...request });
}

// scripts/test.sh installs the other SDK (STACKYARD_TEST_OTHER_SDK); with STACKYARD_TEST_STRICT set, as it
// sets it, its absence fails the test rather than skipping it.
const otherSdk = process.env.STACKYARD_TEST_OTHER_SDK;
const describeWithOtherSdk =
  otherSdk || process.env.STACKYARD_TEST_STRICT ? describe : describe.skip;

describeWithOtherSdk(
  'a TypeScript project with its own @pulumi/pulumi of another version',
  () => {
    it('previews, updates, checks drift with the program and destroys', async () => {
      expect(otherSdk).toBeTruthy();
      // A TypeScript project as `pulumi new typescript` makes one: typescript and @types/node beside the SDK.
      const sdk = path.join(otherSdk!, 'node_modules');
      const version: string = JSON.parse(
        await readFile(path.join(sdk, '@pulumi/pulumi/package.json'), 'utf8'),
      ).version;
      expect(version).not.toBe(engine.version);
      const dir = await writeTestProject({
        parentDir: backend.workDir,
        nodeModules: sdk,
        files: {
          'Pulumi.yaml': projectFile('own-sdk'),
          'package.json': JSON.stringify({
            name: 'own-sdk',
            main: 'index.ts',
            dependencies: { '@pulumi/pulumi': version },
          }),
          'index.ts': `import * as pulumi from '@pulumi/pulumi';
${FILE_PROVIDER}
class Page extends pulumi.dynamic.Resource {
  constructor(name: string, args: { path: string; content: string }) {
    super(fileProvider, name, args);
  }
}
const config = new pulumi.Config();
const file = new Page('page', {
  path: config.require('path'),
  content: 'from the code',
});
export { version as sdkVersion } from '@pulumi/pulumi/version';
export const page = file.id;
`,
        },
      });
      const client = await clientFor([{ dir, backend: 'local' }]);
      const ref = { project: 'own-sdk', stack: 'dev' };
      const page = path.join(dir, 'page.txt');

      const preview = await run(client, ref, 'preview', {
        config: { path: plain(page) },
      });
      expect(preview).toMatchObject({
        status: 'succeeded',
        changeSummary: { create: 2 },
      });
      const up = await run(client, ref, 'up');
      expect(up).toMatchObject({
        status: 'succeeded',
        outputs: { sdkVersion: version, page },
      });

      await writeFile(page, 'edited by hand');
      const drift = await run(client, ref, 'drift-check-program');
      expect(drift.status).toBe('succeeded');
      expect(drift.drift).toEqual([
        expect.objectContaining({
          kind: 'changed',
          properties: [
            {
              path: 'content',
              expected: 'from the code',
              actual: 'edited by hand',
            },
          ],
        }),
      ]);

      expect(await run(client, ref, 'destroy')).toMatchObject({
        status: 'succeeded',
        changeSummary: { delete: 2 },
      });
      expect(existsSync(page)).toBe(false);
    });
  },
);

describe('project shapes', () => {
  it('runs an ES module project', async () => {
    const dir = await nodeProject(
      'esm',
      {
        'index.js': `import * as pulumi from '@pulumi/pulumi';
const config = new pulumi.Config();
export const greeting = \`hello \${config.require('who')}\`;
export const moduleKind = typeof require === 'undefined' ? 'esm' : 'cjs';
`,
      },
      { packageJson: { type: 'module' } },
    );
    const client = await clientFor([{ dir }]);
    const up = await run(client, { project: 'esm', stack: 'dev' }, 'up', {
      config: { who: plain('world') },
    });
    expect(up).toMatchObject({
      status: 'succeeded',
      outputs: { greeting: 'hello world', moduleKind: 'esm' },
    });
  });

  it("runs the program under Pulumi.yaml's main", async () => {
    const dir = await nodeProject(
      'nested',
      {
        'index.js': "throw new Error('the project root is not the program');\n",
        'src/index.js':
          "exports.where = require('node:path').basename(__dirname);\n",
      },
      { pulumiYaml: 'main: src/\n' },
    );
    const client = await clientFor([{ dir }]);
    const up = await run(client, { project: 'nested', stack: 'dev' }, 'up', {
      config: {},
    });
    expect(up).toMatchObject({
      status: 'succeeded',
      outputs: { where: 'src' },
    });
  });
});

describe('program errors', () => {
  it('reports a syntax error with its file and line', async () => {
    const dir = await nodeProject('syntax', {
      'index.js': "'use strict';\n\nconst broken = ;\n",
    });
    const client = await clientFor([{ dir }]);
    const result = await run(
      client,
      { project: 'syntax', stack: 'dev' },
      'up',
      {
        config: {},
      },
    );
    expect(result.status).toBe('failed');
    expect(result.message).toContain('index.js:3');
    expect(result.message).toMatch(/SyntaxError: Unexpected token/);
  });

  it('reports a thrown error with its file, line and message, redacted', async () => {
    const dir = await nodeProject('thrower', {
      'index.js': `const pulumi = require('@pulumi/pulumi');
const key = new pulumi.Config().require('apiKey');
function connect() {
  throw new Error('cannot connect with key ' + key);
}
connect();
`,
    });
    const client = await clientFor([{ dir }]);
    const result = await run(
      client,
      { project: 'thrower', stack: 'dev' },
      'up',
      { config: { apiKey: secret('sk-live-5f3a9c') } },
    );
    expect(result.status).toBe('failed');
    expect(result.message).toContain('cannot connect with key [secret]');
    expect(result.message).toContain('index.js:4');
    expect(JSON.stringify(result)).not.toContain('sk-live-5f3a9c');
  });
});

describe('programs that misbehave', () => {
  it('fails the run of a program that exits with 3', async () => {
    const dir = await nodeProject('quitter', {
      'index.js': 'process.exit(3);\n',
    });
    const client = await clientFor([{ dir }]);
    const result = await run(
      client,
      { project: 'quitter', stack: 'dev' },
      'up',
      {
        config: {},
      },
    );
    expect(result.status).toBe('failed');
    expect(result.message).toContain(
      'Program exited with non-zero exit code: 3',
    );
  });

  it('cancels a program that hangs, and runs the next one', async () => {
    const dir = await nodeProject('hanger', {
      'index.js': `console.log('hanging now');
setInterval(() => {}, 1000);
module.exports = new Promise(() => {});
`,
    });
    const client = await clientFor([{ dir }]);
    const controller = new AbortController();
    const onEvent = (event: EngineEvent) => {
      if (event.diagnosticEvent?.message.includes('hanging now')) {
        controller.abort();
      }
    };
    const result = await run(
      client,
      { project: 'hanger', stack: 'dev' },
      'up',
      {
        config: {},
        onEvent,
        signal: controller.signal,
      },
    );
    expect(result.status).toBe('cancelled');
    // The stack is not left locked, and this process runs the next program.
    await writeFile(path.join(dir, 'index.js'), 'exports.done = true;\n');
    expect(
      await run(client, { project: 'hanger', stack: 'dev' }, 'up'),
    ).toMatchObject({ status: 'succeeded', outputs: { done: true } });
  });
});

describe('the environment of a program', () => {
  const canary = useEnvironmentCanary();

  it("holds what config names, and nothing of the backend's own", async () => {
    const dir = await nodeProject('envy', {
      'index.js': `const pulumi = require('@pulumi/pulumi');
exports.env = pulumi.secret({ ...process.env });
`,
    });
    const scoped = { ...backend, env: { FROM_BACKEND: 'backend-value' } };
    const client = await createTestEngineClient({
      engine,
      backends: { local: scoped },
      projects: [{ dir, env: { FROM_PROJECT: 'project-value' } }],
    });
    const ref = { backendId: 'local', project: 'envy', stack: 'dev' };
    await client.createStack(ref, { config: {} });
    expect((await client.runOperation({ ...ref, kind: 'up' })).status).toBe(
      'succeeded',
    );
    const { env } = (await client.getOutputs(ref, { reveal: ['env'] })) as {
      env: Record<string, string>;
    };
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'FROM_BACKEND',
        'FROM_PROJECT',
        'PATH',
        'HOME',
        'PULUMI_HOME',
      ]),
    );
    expect(env[canary]).toBeUndefined();
    expect(
      Object.keys(env).filter(
        name => name in process.env && !/^(PATH|HOME)$/.test(name),
      ),
    ).toEqual([]);
    // Configured values are credentials as far as Stackyard knows: never shown.
    expect(env.FROM_BACKEND).toBe('[secret]');
  });
});

describe('provider plugins, offline', () => {
  it('fails a run that needs a missing plugin, naming it and how to provide it', async () => {
    const dir = await writeTestProject({
      parentDir: backend.workDir,
      nodeModules: false,
      files: {
        'Pulumi.yaml': projectFile('needs-plugin'),
        'package.json': JSON.stringify({
          name: 'needs-plugin',
          dependencies: { '@acme/absent': '1.2.3' },
        }),
        'node_modules/@acme/absent/package.json': JSON.stringify({
          name: '@acme/absent',
          version: '1.2.3',
        }),
        'node_modules/@acme/absent/pulumi-plugin.json': JSON.stringify({
          resource: true,
          name: 'absent',
          version: '1.2.3',
        }),
        'index.js': `const pulumi = require('@pulumi/pulumi');
new pulumi.CustomResource('absent:index:Thing', 'thing', {});
`,
      },
    });
    await mkdir(path.join(dir, 'node_modules'), { recursive: true });
    await symlink(
      path.join(sdkNodeModules(), '@pulumi'),
      path.join(dir, 'node_modules', '@pulumi'),
      'dir',
    );
    const client = await clientFor([{ dir }], {
      engine: { plugins: { mode: 'offline' } },
    });
    const result = await run(
      client,
      { project: 'needs-plugin', stack: 'dev' },
      'preview',
      { config: {} },
    );
    expect(result.status).toBe('failed');
    expect(result.message).toContain(
      "no resource plugin 'pulumi-resource-absent' found in the workspace at version v1.2.3",
    );
    expect(result.message).toContain(
      "The provider plugin 'absent' v1.2.3 is not installed",
    );
    expect(result.message).toContain('pulumi.engine.pluginDirs');
    expect(result.message).toContain(
      "pulumi.engine.plugins.mode is 'download'",
    );
  });
});
