import { ConfigReader } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import type { PulumiCommand } from '@pulumi/pulumi/automation';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PulumiEngine } from './locateEngine';
import { PulumiEngineClient } from './PulumiEngineClient';

// What the client decides from its config alone, before any engine call: none of these reach the CLI,
// which this fake engine does not have.
const engine: PulumiEngine = {
  root: '/nonexistent',
  version: '3.259.0',
  command: {} as PulumiCommand,
};

describe('PulumiEngineClient, from config alone', () => {
  let projectDir: string;
  let client: PulumiEngineClient;
  const ref = { backendId: 'db', project: 'web', stack: 'dev' };

  beforeAll(async () => {
    projectDir = await mkdtemp(path.join(os.tmpdir(), 'stackyard-config-'));
    await writeFile(
      path.join(projectDir, 'Pulumi.yaml'),
      'name: web\nruntime: nodejs\n',
    );
    client = await PulumiEngineClient.fromConfig(
      new ConfigReader({
        pulumi: {
          backends: [
            {
              id: 'db',
              url: 'postgres://pulumi:hunter22@db:5432/state?sslmode=disable&password=hunter22',
              passphrase: 'pass-phrase',
            },
            { id: 'files', url: 'file:///var/lib/pulumi' },
          ],
          projects: [{ dir: projectDir, backend: 'db' }],
        },
      }),
      { engine },
    );
  });
  afterAll(() => rm(projectDir, { recursive: true, force: true }));

  it('shows its version and backends without credentials', () => {
    expect(client.version).toBe('3.259.0');
    expect(client.listBackends()).toEqual([
      { id: 'db', url: 'postgres://pulumi@db:5432/state?sslmode=disable' },
      { id: 'files', url: 'file:///var/lib/pulumi' },
    ]);
  });

  it('knows the program folders by project and backend', () => {
    expect(client.hasProgram(ref)).toBe(true);
    expect(client.hasProgram({ ...ref, backendId: 'files' })).toBe(false);
    expect(client.hasProgram({ ...ref, project: 'api' })).toBe(false);
    expect(() => client.hasProgram({ ...ref, backendId: 'nope' })).toThrow(
      NotFoundError,
    );
    expect(() => client.hasProgram({ ...ref, stack: '..' })).toThrow(/^stack /);
  });

  it('rejects operations it cannot run, naming the field', async () => {
    await expect(
      client.runOperation({ ...ref, backendId: 'files', kind: 'up' }),
    ).rejects.toThrow(/pass programDir/);
    await expect(
      client.runOperation({ ...ref, kind: 'up', programDir: '/nonexistent' }),
    ).rejects.toThrow(/^programDir '\/nonexistent' is not a Pulumi project/);
    await expect(
      client.runOperation({ ...ref, kind: 'nuke' as 'up' }),
    ).rejects.toThrow(/^kind /);
    await expect(
      client.runOperation({ ...ref, kind: 'destroy', targets: ['x'] }),
    ).rejects.toThrow(/^targets\[0\] /);
    await expect(
      client.runOperation({ ...ref, backendId: 'nope', kind: 'drift-check' }),
    ).rejects.toThrow(NotFoundError);
    await expect(client.getHistory(ref, { pageSize: 1.5 })).rejects.toThrow(
      InputError,
    );
  });

  it('reports an operation whose signal aborted before it began as cancelled', async () => {
    await expect(
      client.runOperation({
        ...ref,
        kind: 'refresh',
        signal: AbortSignal.abort(),
      }),
    ).resolves.toEqual({
      kind: 'refresh',
      status: 'cancelled',
      changeSummary: {},
    });
  });

  it('rejects a programDir of another project', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'stackyard-other-'));
    try {
      await writeFile(
        path.join(other, 'Pulumi.yaml'),
        'name: api\nruntime: nodejs\n',
      );
      await expect(
        client.runOperation({ ...ref, kind: 'preview', programDir: other }),
      ).rejects.toThrow(/^programDir .* holds project 'api', not 'web'/);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('refuses project folders that do not exist or name unknown backends', async () => {
    const read = (projects: Array<{ dir: string; backend?: string }>) =>
      PulumiEngineClient.fromConfig(
        new ConfigReader({
          pulumi: {
            backends: [{ id: 'files', url: 'file:///x' }],
            projects,
          },
        }),
        { engine },
      );
    await expect(read([{ dir: '/nonexistent' }])).rejects.toThrow(
      /^pulumi\.projects\[0\]\.dir /,
    );
    await expect(read([{ dir: projectDir, backend: 'db' }])).rejects.toThrow(
      /^pulumi\.projects\[0\]\.backend 'db'/,
    );
  });
});
