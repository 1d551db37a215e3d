import { InputError } from '@backstage/errors';
import type { Stack } from '@pulumi/pulumi/automation';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createTemporaryBackend,
  createTestEngineClient,
  createTestProject,
  deployTestStack,
  TemporaryBackend,
} from '../testUtils';
import { locatePulumiEngine } from './locateEngine';
import { PulumiEngineClient } from './PulumiEngineClient';
import { planViolation } from './plans';
import type { OperationRequest, OperationResult } from './types';

// Plans through the real engine, on one stack of the fixture project `files`; the tests build on each
// other in the order written.
jest.setTimeout(180_000);

const API_KEY = 'plan-api-key-51c0d2';

describe('operations bound to a plan, through the real engine', () => {
  let backend: TemporaryBackend;
  let projectDir: string;
  let deployed: Stack;
  let client: PulumiEngineClient;
  const ref = { backendId: 'local', project: 'files', stack: 'plans' };
  const seen: unknown[] = [];

  const run = async (
    request: Partial<OperationRequest> & Pick<OperationRequest, 'kind'>,
  ): Promise<OperationResult> => {
    const result = await client.runOperation({ ...ref, ...request });
    seen.push(result);
    return result;
  };
  /** Saves a plan, and returns it with the result. */
  const save = async (kind: 'up' | 'destroy') => {
    let plan = '';
    const result = await run({
      kind,
      plan: {
        save: saved => {
          plan = saved;
        },
      },
    });
    seen.push(plan);
    return { ...result, plan };
  };
  const file = (name: string) =>
    path.join(projectDir, 'out', ref.stack, `${name}.html`);

  beforeAll(async () => {
    const engine = await locatePulumiEngine();
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
      // A switch among the project's variables, as the demo's PULUMI_NODEJS_TRANSPILE_ONLY: `true` must not
      // be taken for a secret, nor the plan (whose `custom: true` it would match) be redacted.
      projects: [
        {
          dir: projectDir,
          backend: 'local',
          env: { STACKYARD_TEST_SWITCH: 'true' },
        },
      ],
    });
  });
  afterAll(() => backend?.dispose());

  it('saves the plan of an up with its steps, changing nothing', async () => {
    await deployed.setConfig('content', { value: 'planned' });
    const saved = await save('up');
    expect(saved).toMatchObject({
      status: 'succeeded',
      changeSummary: { update: 1 },
      plannedSteps: [
        {
          name: 'index',
          operation: 'update',
          properties: [{ path: 'content', before: 'hello', after: 'planned' }],
        },
      ],
    });
    expect(saved.plan).toContain('resourcePlans');
    expect(saved.plan).toContain('"custom": true');
    expect(saved.plan).not.toContain('[secret]');
    expect(await readFile(file('index'), 'utf8')).toBe('hello');

    const applied = await run({ kind: 'up', plan: { apply: saved.plan } });
    expect(applied).toMatchObject({ status: 'succeeded' });
    expect(await readFile(file('index'), 'utf8')).toBe('planned');
  });

  it('refuses a plan that the stack moved away from', async () => {
    await deployed.setConfig('content', { value: 'seen' });
    const saved = await save('up');
    await deployed.setConfig('content', { value: 'unseen' });

    const applied = await run({ kind: 'up', plan: { apply: saved.plan } });
    expect(applied).toMatchObject({ status: 'failed', planRefused: true });
    expect(applied.message).toMatch(/violates plan/);
    expect(applied.message!.length).toBeLessThan(600);
    expect(await readFile(file('index'), 'utf8')).toBe('planned');
  });

  it('binds a destroy to the resources its preview saw', async () => {
    const saved = await save('destroy');
    expect(saved.plannedSteps?.map(s => s.operation)).toContain('delete');
    expect(existsSync(file('index'))).toBe(true);

    // A new resource since the preview: the destroy would remove what the approver did not see.
    await deployed.setConfig('content', { value: 'planned' });
    await deployed.setConfig('secretFile', { value: 'true' });
    await deployed.up();
    const refused = await run({
      kind: 'destroy',
      plan: { apply: saved.plan },
    });
    expect(refused).toMatchObject({ status: 'failed', planRefused: true });
    expect(existsSync(file('index'))).toBe(true);

    const again = await save('destroy');
    const applied = await run({
      kind: 'destroy',
      plan: { apply: again.plan },
    });
    expect(applied).toMatchObject({ status: 'succeeded' });
    expect(existsSync(file('index'))).toBe(false);
  });

  it('takes plans only for up and destroy', async () => {
    await expect(
      run({ kind: 'refresh', plan: { save: () => {} } }),
    ).rejects.toThrow(InputError);
  });

  it('keeps the secret config out of every plan and result', () => {
    expect(JSON.stringify(seen)).not.toContain(API_KEY);
  });
});

describe('planViolation', () => {
  it('shortens the engine message to the step that broke the plan', () => {
    const long = `error: resource urn:x violates plan: properties changed: ${'x'.repeat(
      2000,
    )}`;
    expect(planViolation(long)).toMatch(
      /^The stack changed since.*violates plan/,
    );
    expect(planViolation(long)!.length).toBeLessThan(500);
    expect(planViolation('error: something else')).toBeUndefined();
  });
});
