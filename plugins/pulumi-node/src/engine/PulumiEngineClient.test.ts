import { InputError, NotFoundError } from '@backstage/errors';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  createTestProject,
  createTestStacks,
  TemporaryBackend,
  testPostgresUrl,
} from '../testUtils';
import { expectedPulumiVersion } from './locateEngine';
import { PulumiEngineClient } from './PulumiEngineClient';

// The read methods through the real engine, on each state backend that scripts/test.sh provides (see
// realEngine.test.ts): one stack of the fixture project folder `files`, and one of the built-in program.
jest.setTimeout(180_000);

const backends: Array<'file' | 'postgres'> =
  testPostgresUrl() || process.env.STACKYARD_TEST_STRICT
    ? ['file', 'postgres']
    : ['file'];

const API_KEY = 'api-key-reads-5d2a91c7';
const DB_PASSWORD = 'db-pass-83c1e0f4';
// The built-in program's secret output.
const TOKEN = 's3cr3t-value';

describe.each(backends)(
  'PulumiEngineClient reads, on a %s state backend',
  kind => {
    let client: PulumiEngineClient;
    let backend: TemporaryBackend;
    let projectDir: string;
    let dispose: () => Promise<void>;
    const files = { backendId: 'local', project: 'files', stack: 'dev' };
    const web = { backendId: 'local', project: 'web', stack: 'dev' };
    // Everything the client handed out, for the final secret check.
    const seen: unknown[] = [];
    const keep = <T>(value: T): T => {
      seen.push(value);
      return value;
    };

    beforeAll(async () => {
      projectDir = await createTestProject();
      ({ client, backend, dispose } = await createTestStacks({
        kind,
        stacks: [
          {
            ...files,
            projectDir,
            config: { content: 'from config' },
            secretConfig: { apiKey: API_KEY },
          },
          {
            ...web,
            tags: { 'stackyard:drift-interval': '6h' },
            config: { region: 'local' },
            secretConfig: { dbPassword: DB_PASSWORD },
          },
        ],
      }));
    });
    afterAll(async () => {
      await dispose?.();
      await rm(projectDir, { recursive: true, force: true });
    });

    it('names the engine and the backends, without credentials', () => {
      expect(client.version).toBe(expectedPulumiVersion());
      expect(keep(client.listBackends())).toEqual([
        { id: 'local', url: backend.url },
      ]);
    });

    it('lists every stack of every project', async () => {
      const stacks = keep(await client.listStacks('local'));
      expect(stacks.sort((a, b) => a.project.localeCompare(b.project))).toEqual(
        [
          {
            backendId: 'local',
            organization: 'organization',
            project: 'files',
            stack: 'dev',
            lastUpdate: expect.any(String),
            resourceCount: 4,
          },
          expect.objectContaining({ project: 'web', resourceCount: 3 }),
        ],
      );
    });

    it('reads stack tags, and lists only the stacks that have a tag', async () => {
      expect(keep(await client.getStackTags(web))).toMatchObject({
        'stackyard:drift-interval': '6h',
      });
      const tagged = await client.listStacks('local', {
        tag: 'stackyard:drift-interval',
      });
      expect(tagged.map(s => `${s.project}/${s.stack}`)).toEqual([
        `${web.project}/${web.stack}`,
      ]);
      await expect(
        client.listStacks('local', { tag: 'backstage.io/owner' }),
      ).rejects.toThrow(/tag "backstage.io\/owner" is not a stack tag name/);
    });

    it('returns the update history, newest first', async () => {
      const history = keep(await client.getHistory(files));
      expect(history).toEqual([
        {
          version: expect.any(Number),
          kind: 'update',
          result: 'succeeded',
          startTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          endTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          resourceChanges: { create: 3 },
        },
      ]);
      await expect(client.getHistory(files, { pageSize: 0 })).rejects.toThrow(
        /^pageSize /,
      );
    });

    it('exports resources with their providers, and outputs with secrets masked', async () => {
      const state = keep(await client.exportState(files));
      const byName = Object.fromEntries(state.resources.map(r => [r.name, r]));
      expect(Object.keys(byName).sort()).toEqual([
        'about',
        'default',
        'files-dev',
        'index',
      ]);
      const stackUrn = 'urn:pulumi:dev::files::pulumi:pulumi:Stack::files-dev';
      expect(byName['files-dev']).toEqual({
        urn: stackUrn,
        type: 'pulumi:pulumi:Stack',
        name: 'files-dev',
        custom: false,
        created: expect.any(String),
        modified: expect.any(String),
      });
      expect(byName.index).toEqual({
        urn: 'urn:pulumi:dev::files::pulumi-nodejs:dynamic/stackyard:LocalFile::index',
        type: 'pulumi-nodejs:dynamic/stackyard:LocalFile',
        name: 'index',
        custom: true,
        id: expect.stringMatching(/out\/dev\/index\.html$/),
        parent: stackUrn,
        provider: {
          urn: 'urn:pulumi:dev::files::pulumi:providers:pulumi-nodejs::default',
          package: 'pulumi-nodejs',
        },
        created: expect.any(String),
        modified: expect.any(String),
      });
      expect(byName.default).toMatchObject({
        type: 'pulumi:providers:pulumi-nodejs',
        custom: true,
      });
      expect(state.outputs).toEqual({
        path: byName.index.id,
        aboutPath: byName.about.id,
        apiKeyDigest: '[secret]',
      });
    });

    it('returns outputs with secrets masked', async () => {
      const outputs = keep(await client.getOutputs(web));
      expect(outputs).toEqual({
        files: {
          'index.html': expect.stringMatching(/web\/dev\/index\.html$/),
        },
        token: '[secret]',
      });
    });

    it('returns the config of the project folder, or else of the last update, secrets masked', async () => {
      expect(keep(await client.getConfig(files))).toEqual({
        'files:apiKey': { value: '[secret]', secret: true },
        'files:content': { value: 'from config', secret: false },
      });
      expect(keep(await client.getConfig(web))).toEqual({
        'web:dbPassword': { value: '[secret]', secret: true },
        'web:region': { value: 'local', secret: false },
      });
    });

    it('knows which projects have a program folder', () => {
      expect(client.hasProgram(files)).toBe(true);
      expect(client.hasProgram(web)).toBe(false);
    });

    it('reports unknown stacks and backends as not found', async () => {
      const missing = { ...web, stack: 'nope' };
      for (const read of [
        () => client.getHistory(missing),
        () => client.exportState(missing),
        () => client.getOutputs(missing),
        () => client.getConfig(missing),
      ]) {
        const error = await read().catch(e => e);
        keep(error.message);
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error.message).toContain('web/nope');
      }
      await expect(client.listStacks('elsewhere')).rejects.toThrow(
        "No Pulumi state backend with id 'elsewhere'",
      );
      expect(() =>
        client.hasProgram({ ...web, backendId: 'elsewhere' }),
      ).toThrow(NotFoundError);
    });

    it('rejects invalid names before the engine runs, naming the field', async () => {
      await expect(
        client.exportState({ ...web, project: '../web' }),
      ).rejects.toThrow(/^project /);
      await expect(client.getConfig({ ...web, stack: 'a b' })).rejects.toThrow(
        InputError,
      );
      await expect(client.listStacks('Not An Id')).rejects.toThrow(
        /^backendId /,
      );
    });

    it('cleans up after its temporary workspaces', async () => {
      // Only the project folder, which stays, may keep its remembered stack selection.
      const remembered = await readdir(
        path.join(backend.pulumiHome, 'local', 'workspaces'),
      ).catch(() => []);
      expect(remembered.filter(f => !f.startsWith('files-'))).toEqual([]);
      // Temporary workspaces live in the backend's own PULUMI_HOME, so that no other test's are seen.
      const leftovers = await readdir(
        path.join(backend.pulumiHome, 'local', 'tmp'),
      ).catch(() => []);
      expect(leftovers).toEqual([]);
    });

    it('never lets a secret out', () => {
      const everything = JSON.stringify(seen);
      expect(everything).toContain('[secret]');
      for (const secret of [API_KEY, DB_PASSWORD, TOKEN, backend.passphrase!]) {
        expect(everything).not.toContain(secret);
      }
    });
  },
);
