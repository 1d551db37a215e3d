import type { EngineEvent } from '@pulumi/pulumi/automation';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import {
  createTemporaryBackend,
  deployTestStack,
  TemporaryBackend,
  testBackendKinds,
} from '../testUtils';
import { driftFromEvents } from './drift';
import {
  expectedPulumiVersion,
  locatePulumiEngine,
  PulumiEngine,
} from './locateEngine';
import { publicBackendUrl } from './stateBackends';

// These run the real Pulumi CLI that the bootstrap builds from Go modules (tools/pulumi-engine), against
// real state backends: a folder, PostgreSQL, and S3, GCS and Azure Blob on their wire protocols through
// moto, fake-gcs-server and Azurite. scripts/test.sh provides the engine and the servers; with
// STACKYARD_TEST_STRICT set, as it sets it, a missing server fails the run rather than skipping.
jest.setTimeout(180_000);

const backends = testBackendKinds();

let engine: PulumiEngine;
beforeAll(async () => {
  engine = await locatePulumiEngine();
});

it('uses the CLI of the same version as @pulumi/pulumi', () => {
  expect(engine.version).toBe(expectedPulumiVersion());
});

describe.each(backends)('on a %s state backend', kind => {
  let backend: TemporaryBackend;
  beforeEach(async () => {
    backend = await createTemporaryBackend({ kind });
  });
  afterEach(async () => {
    await backend?.dispose();
  });

  it('deploys a dynamic resource, sees drift made outside Pulumi, restores it, and destroys it', async () => {
    // The URL keeps its settings (endpoint, path style, emulator) as written when shown; credentials
    // are in the backend's env, which only its engine processes get.
    expect(publicBackendUrl(backend.url)).toBe(backend.url);

    const { stack, paths } = await deployTestStack({
      engine,
      backend,
      project: 'drift-proof',
      stack: 'dev',
      files: { managed: 'hello', untouched: 'same' },
    });
    const managed = paths.managed;
    const untouched = paths.untouched;
    const history = await stack.history();
    expect(history[0].result).toBe('succeeded');
    expect(history[0].resourceChanges).toEqual({ create: 3 });
    expect((await stack.outputs()).files.value).toEqual(paths);
    expect(await readFile(managed, 'utf8')).toBe('hello');

    await writeFile(managed, 'changed outside pulumi');

    const events: EngineEvent[] = [];
    const refresh = await stack.previewRefresh({
      onEvent: e => events.push(e),
    });
    expect(refresh.changeSummary).toEqual({ same: 2, update: 1 });
    expect(driftFromEvents(events, { mode: 'refresh' })).toEqual([
      {
        urn: expect.stringMatching(/::managed$/),
        type: 'pulumi-nodejs:dynamic/stackyard:LocalFile',
        name: 'managed',
        kind: 'changed',
        source: 'outside',
        properties: [
          {
            path: 'content',
            expected: 'hello',
            actual: 'changed outside pulumi',
          },
        ],
      },
    ]);
    // A preview-only refresh writes nothing: the file keeps its change and the state its old value.
    expect(await readFile(managed, 'utf8')).toBe('changed outside pulumi');

    // Restore, as the drift panel's restore does: an update after a refresh puts the code's value back.
    const restore = await stack.up({ refresh: true });
    expect(restore.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(await readFile(managed, 'utf8')).toBe('hello');
    expect((await stack.previewRefresh()).changeSummary).toEqual({ same: 3 });

    const destroy = await stack.destroy();
    expect(destroy.summary.result).toBe('succeeded');
    expect(existsSync(managed)).toBe(false);
    expect(existsSync(untouched)).toBe(false);
  });
});
