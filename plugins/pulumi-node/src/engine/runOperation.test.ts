import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { EngineEvent, Stack } from '@pulumi/pulumi/automation';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTemporaryBackend,
  createTestEngineClient,
  createTestProject,
  deployTestStack,
  TemporaryBackend,
} from '../testUtils';
import { locatePulumiEngine, PulumiEngine } from './locateEngine';
import { PulumiEngineClient } from './PulumiEngineClient';
import type { OperationRequest, OperationResult } from './types';

// Operations through the real engine on one shared stack of the fixture project `files`. Each engine run
// takes seconds, so the tests build on each other in the order written: preview, drift-check, up,
// refresh, …, and the last one checks that no secret came out of any of them.
jest.setTimeout(180_000);

const API_KEY = 'api-key-7f3c9e1b44';

describe('PulumiEngineClient.runOperation, through the real engine', () => {
  let engine: PulumiEngine;
  let backend: TemporaryBackend;
  let projectDir: string;
  let deployed: Stack;
  let client: PulumiEngineClient;
  const ref = { backendId: 'local', project: 'files', stack: 'ops' };
  // Everything the client handed out, for the final secret check.
  const seen: unknown[] = [];

  const run = async (
    request: Partial<OperationRequest> & Pick<OperationRequest, 'kind'>,
  ): Promise<OperationResult & { events: EngineEvent[] }> => {
    const events: EngineEvent[] = [];
    const result = await client.runOperation({
      ...ref,
      ...request,
      onEvent: e => {
        events.push(e);
        request.onEvent?.(e);
      },
    });
    seen.push(result, events);
    return { ...result, events };
  };
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      e => e,
    );
    seen.push(error?.message);
    return error;
  };
  const file = (name: string) =>
    path.join(projectDir, 'out', ref.stack, `${name}.html`);
  const urnOf = (name: string) =>
    `urn:pulumi:${ref.stack}::files::pulumi-nodejs:dynamic/stackyard:LocalFile::${name}`;

  beforeAll(async () => {
    engine = await locatePulumiEngine();
    backend = await createTemporaryBackend({ kind: 'file' });
    projectDir = await createTestProject({ parentDir: backend.workDir });
    ({ stack: deployed } = await deployTestStack({
      engine,
      backend,
      project: ref.project,
      stack: ref.stack,
      projectDir,
      secretConfig: { apiKey: API_KEY },
    }));
    client = await createTestEngineClient({
      engine,
      backends: { local: backend },
      projects: [{ dir: projectDir, backend: 'local' }],
    });
  });
  afterAll(() => backend?.dispose());

  it('previews the program of the project folder, streaming events', async () => {
    await deployed.setConfig('content', { value: 'changed' });
    const preview = await run({ kind: 'preview' });
    expect(preview).toMatchObject({
      kind: 'preview',
      status: 'succeeded',
      changeSummary: { same: 2, update: 1 },
    });
    expect(
      preview.events.some(
        e =>
          e.resourcePreEvent?.metadata.urn === urnOf('index') &&
          e.resourcePreEvent.metadata.op === 'update',
      ),
    ).toBe(true);
    expect(await readFile(file('index'), 'utf8')).toBe('hello');
  });

  it('finds drift made outside Pulumi without writing anything', async () => {
    await writeFile(file('index'), 'edited by hand');
    const drift = await run({ kind: 'drift-check' });
    expect(drift).toMatchObject({
      status: 'succeeded',
      changeSummary: { same: 2, update: 1 },
      drift: [
        {
          urn: urnOf('index'),
          name: 'index',
          kind: 'changed',
          source: 'outside',
          properties: [
            { path: 'content', expected: 'hello', actual: 'edited by hand' },
          ],
        },
      ],
    });
    expect(await readFile(file('index'), 'utf8')).toBe('edited by hand');
  });

  it('runs up, undoing drift, and returns the outputs with secrets masked', async () => {
    const up = await run({ kind: 'up' });
    expect(up).toMatchObject({
      status: 'succeeded',
      changeSummary: { same: 2, update: 1 },
      outputs: {
        path: file('index'),
        aboutPath: file('about'),
        apiKeyDigest: '[secret]',
      },
    });
    expect(up.events.length).toBeGreaterThan(0);
    expect(await readFile(file('index'), 'utf8')).toBe('changed');
  });

  it('refreshes the state from the real resources', async () => {
    await writeFile(file('index'), 'edited again');
    const refresh = await run({ kind: 'refresh' });
    expect(refresh).toMatchObject({
      status: 'succeeded',
      drift: [expect.objectContaining({ urn: urnOf('index') })],
    });
    const [latest] = await client.getHistory(ref, { pageSize: 1 });
    expect(latest).toMatchObject({ kind: 'refresh', result: 'succeeded' });
  });

  it('rejects targets that are not resources of the stack, naming them', async () => {
    const error = await failure(
      client.runOperation({
        ...ref,
        kind: 'destroy',
        targets: [urnOf('index'), urnOf('nope')],
      }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^targets\[1\] /);
  });

  it('reports a locked stack as a conflict', async () => {
    const lockDir = path.join(
      fileURLToPath(backend.url),
      '.pulumi',
      'locks',
      'organization',
      ref.project,
      ref.stack,
    );
    await mkdir(lockDir, { recursive: true });
    await writeFile(
      path.join(lockDir, 'someone-else.json'),
      JSON.stringify({
        pid: 1,
        username: 'someone',
        hostname: 'elsewhere',
        timestamp: new Date().toISOString(),
      }),
    );
    try {
      const error = await failure(
        client.runOperation({ ...ref, kind: 'refresh' }),
      );
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toContain('locked');
    } finally {
      await rm(lockDir, { recursive: true, force: true });
    }
  });

  it('reports a failing program as failed, with its message and no secret', async () => {
    // A copy of the folder, with its stack config, whose program fails quoting the secret.
    const programDir = path.join(backend.workDir, 'failing-project');
    await cp(projectDir, programDir, { recursive: true });
    await writeFile(
      path.join(programDir, 'index.js'),
      `const pulumi = require('@pulumi/pulumi');
module.exports = () => {
  throw new Error('no luck with ' + new pulumi.Config().require('apiKey'));
};`,
    );
    // The program runs in a process of its own: its failure reaches this process only as the run's result.
    const rejections: unknown[] = [];
    const collect = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', collect);
    let failed: Awaited<ReturnType<typeof run>>;
    try {
      failed = await run({ kind: 'up', programDir });
    } finally {
      process.off('unhandledRejection', collect);
    }
    expect(rejections).toEqual([]);
    expect(failed).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('no luck with [secret]'),
      changeSummary: { same: 1 },
    });
    expect(failed.message).toContain('index.js:3');
    // A failing program deletes nothing.
    const state = await client.exportState(ref);
    expect(state.resources.map(r => r.name)).toEqual(
      expect.arrayContaining(['index', 'about']),
    );
  });

  it('reports a failing provider as failed, naming the resource', async () => {
    // A plain config value that quotes the secret: it shows in the inputs of events, too.
    await deployed.setConfig('failWith', {
      value: `disk full near ${API_KEY}`,
    });
    try {
      const failed = await run({ kind: 'up' });
      expect(failed).toMatchObject({
        status: 'failed',
        message: 'index: disk full near [secret]',
      });
    } finally {
      await deployed.removeConfig('failWith');
    }
  });

  it('stops an operation when the signal aborts, leaving the stack unlocked', async () => {
    await deployed.setAllConfig({
      content: { value: 'slowly' },
      delayMs: { value: '5000' },
    });
    const controller = new AbortController();
    const cancelled = await run({
      kind: 'up',
      signal: controller.signal,
      onEvent: e => {
        if (e.resourcePreEvent) controller.abort();
      },
    });
    expect(cancelled.status).toBe('cancelled');
    await deployed.removeConfig('delayMs');
    const after = await run({ kind: 'refresh' });
    expect(after.status).toBe('succeeded');
  });

  it('destroys only the targeted resource', async () => {
    const destroy = await run({ kind: 'destroy', targets: [urnOf('about')] });
    expect(destroy).toMatchObject({
      status: 'succeeded',
      changeSummary: { delete: 1 },
    });
    const state = await client.exportState(ref);
    seen.push(state);
    const urns = state.resources.map(r => r.urn);
    expect(urns).toContain(urnOf('index'));
    expect(urns).not.toContain(urnOf('about'));
    expect(existsSync(file('about'))).toBe(false);
    expect(existsSync(file('index'))).toBe(true);
  });

  it('creates a stack whose config the next up uses', async () => {
    const fresh = { ...ref, stack: 'fresh' };
    await client.createStack(fresh, {
      config: {
        apiKey: { value: API_KEY, secret: true },
        content: { value: 'brand new', secret: false },
      },
    });
    const config = await client.getConfig(fresh);
    seen.push(config);
    expect(config).toEqual({
      'files:apiKey': { value: '[secret]', secret: true },
      'files:content': { value: 'brand new', secret: false },
    });
    const up = await run({ ...fresh, kind: 'up' });
    expect(up).toMatchObject({
      status: 'succeeded',
      changeSummary: { create: 3 },
    });
    expect(
      await readFile(
        path.join(projectDir, 'out', 'fresh', 'index.html'),
        'utf8',
      ),
    ).toBe('brand new');
    // The secret is stored encrypted in the folder's stack file, where up read it.
    const stackFile = await readFile(
      path.join(projectDir, 'Pulumi.fresh.yaml'),
      'utf8',
    );
    expect(stackFile).toMatch(/files:apiKey:\s+secure: /);
    expect(stackFile).not.toContain(API_KEY);
    expect(up.outputs?.apiKeyDigest).toBe('[secret]');

    // Config set later takes effect on the next up; a secret again never in plain text.
    await client.setConfig(fresh, {
      content: { value: 'changed later', secret: false },
      apiKey: { value: `${API_KEY}-2`, secret: true },
    });
    expect(await client.getConfig(fresh)).toEqual({
      'files:apiKey': { value: '[secret]', secret: true },
      'files:content': { value: 'changed later', secret: false },
    });
    expect(
      await readFile(path.join(projectDir, 'Pulumi.fresh.yaml'), 'utf8'),
    ).not.toContain(API_KEY);
    await expect(
      client.setConfig(fresh, { 'bad key': { value: 'x', secret: false } }),
    ).rejects.toThrow(/config key "bad key" is not a valid key/);

    const again = await failure(client.createStack(fresh));
    expect(again).toBeInstanceOf(ConflictError);
    const noFolder = await failure(
      client.createStack(
        { ...fresh, project: 'web' },
        { config: { region: { value: 'x', secret: false } } },
      ),
    );
    expect(noFolder).toBeInstanceOf(InputError);
    expect(noFolder.message).toMatch(/pass programDir/);
  });

  it('needs a program for preview and up, and names programDir', async () => {
    const noProjects = await createTestEngineClient({
      engine,
      backends: { local: backend },
    });
    expect(noProjects.hasProgram(ref)).toBe(false);
    expect(client.hasProgram(ref)).toBe(true);
    const error = await failure(
      noProjects.runOperation({ ...ref, kind: 'up' }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('programDir');
  });

  it('rejects invalid names before the engine runs, naming the field', async () => {
    for (const [field, bad] of [
      ['backendId', { backendId: 'Local!' }],
      ['project', { project: '..' }],
      ['project', { project: 'a/b' }],
      ['stack', { stack: 'two words' }],
      ['stack', { stack: 'dév' }],
    ] as const) {
      const error = await failure(
        client.runOperation({ ...ref, ...bad, kind: 'refresh' }),
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(new RegExp(`^${field} `));
    }
  });

  it('reports unknown stacks and backends as not found', async () => {
    const stack = await failure(
      client.runOperation({ ...ref, stack: 'nope', kind: 'refresh' }),
    );
    expect(stack).toBeInstanceOf(NotFoundError);
    // A drift check starts the engine while the state is read: both fail, and the one error is thrown;
    // an unhandled rejection of the other would fail this test.
    const checked = await failure(
      client.runOperation({ ...ref, stack: 'nope', kind: 'drift-check' }),
    );
    expect(checked).toBeInstanceOf(NotFoundError);
    const backendId = await failure(
      client.runOperation({ ...ref, backendId: 'elsewhere', kind: 'refresh' }),
    );
    expect(backendId).toBeInstanceOf(NotFoundError);
  });

  it('never let a secret out', () => {
    const everything = JSON.stringify(seen);
    expect(everything).toContain('[secret]');
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(backend.passphrase);
  });
});
