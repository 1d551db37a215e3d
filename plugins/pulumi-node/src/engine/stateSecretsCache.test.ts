import type { EngineEvent, Stack } from '@pulumi/pulumi/automation';
import {
  createTemporaryBackend,
  createTestEngineClient,
  createTestProject,
  deployTestStack,
  TemporaryBackend,
} from '../testUtils';
import { locatePulumiEngine } from './locateEngine';
import { PulumiEngineClient } from './PulumiEngineClient';
import type { OperationKind } from './types';

// The state's secrets are kept between operations while the state is unchanged. These tests change the
// state behind the client's back, as a person with the CLI would, between two drift checks.
jest.setTimeout(180_000);

const FIRST_KEY = 'first-key-0a9b8c7d6e';
const SECOND_KEY = 'second-key-5f4e3d2c1b';

describe('the secrets of a stack whose state changed since the last operation', () => {
  let backend: TemporaryBackend;
  let outside: Stack;
  let client: PulumiEngineClient;
  const ref = { backendId: 'local', project: 'files', stack: 'rotated' };

  const check = async (kind: OperationKind = 'drift-check') => {
    const events: EngineEvent[] = [];
    const result = await client.runOperation({
      ...ref,
      kind,
      onEvent: e => events.push(e),
    });
    return JSON.stringify({ result, events });
  };

  beforeAll(async () => {
    const engine = await locatePulumiEngine();
    backend = await createTemporaryBackend({ kind: 'file' });
    const projectDir = await createTestProject({ parentDir: backend.workDir });
    ({ stack: outside } = await deployTestStack({
      engine,
      backend,
      project: ref.project,
      stack: ref.stack,
      projectDir,
      secretConfig: { apiKey: FIRST_KEY },
      // A plain value that quotes the secret: the state holds it in plaintext, where only the
      // redactor can hide it.
      config: { content: `hello ${FIRST_KEY}` },
    }));
    // No project folder: a drift check learns the secrets from the state and its last update alone.
    client = await createTestEngineClient({
      engine,
      backends: { local: backend },
    });
  });
  afterAll(() => backend?.dispose());

  it('hides a secret that an update outside Stackyard added after the last check', async () => {
    const before = await check();
    expect(before).toContain('hello [secret]');
    expect(before).not.toContain(FIRST_KEY);

    // An update by hand: a new secret, quoted again by the plain content.
    await outside.setConfig('apiKey', { value: SECOND_KEY, secret: true });
    await outside.setConfig('content', { value: `hello ${SECOND_KEY}` });
    await outside.up();

    const after = await check();
    expect(after).toContain('hello [secret]');
    expect(after).not.toContain(SECOND_KEY);
    expect(after).not.toContain(FIRST_KEY);
  });

  it('hides it when the state did not change, from what it learnt before', async () => {
    const again = await check();
    expect(again).toContain('hello [secret]');
    expect(again).not.toContain(SECOND_KEY);
  });
});
