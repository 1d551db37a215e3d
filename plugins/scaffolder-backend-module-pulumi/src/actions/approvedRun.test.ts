import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { JsonValue } from '@backstage/types';
import type {
  PulumiApiCaller,
  PulumiEngineService,
  StackProtection,
} from '@stackyard/plugin-pulumi-node';
import { ApprovalGate, approvedOperation } from './approvedRun';

// The approval wait of pulumi:up and pulumi:destroy, on its own: an engine and a Pulumi API that stand in
// for the real ones (templates.test.ts in packages/backend runs it through both), and checkpoints kept as
// the scaffolder keeps them.

const ref = { backendId: 'local', project: 'site', stack: 'prod' };
/** The checkpoint of the submitted run. */
const KEY = 'pulumi:up:approval:local:organization/site/prod';

function setUp(runs: Array<Record<string, unknown>>) {
  const calls: string[] = [];
  const engine = {
    runOperation: jest.fn(async (request: { plan?: object }) => {
      if (request.plan && 'save' in request.plan) {
        await (request.plan as { save: (p: string) => void }).save('PLAN');
      }
      return { kind: 'up', status: 'succeeded', changeSummary: { update: 1 } };
    }),
  };
  const api = {
    call: jest.fn(async (_credentials, method: string, path: string) => {
      calls.push(`${method} ${path}`);
      if (method === 'POST' && path.endsWith('/plans')) return { id: 'run-1' };
      if (path.endsWith('/plan')) return { plan: 'PLAN' };
      if (method === 'GET') return runs.length > 1 ? runs.shift() : runs[0];
      return {};
    }),
  };
  const gate: ApprovalGate = {
    protection: {} as StackProtection,
    api: api as unknown as PulumiApiCaller,
    pollIntervalMs: 1,
  };
  const checkpoints = new Map<string, JsonValue>();
  const ctx = {
    logger: mockServices.logger.mock(),
    getInitiatorCredentials: async () => mockCredentials.user(),
    async checkpoint<T>(opts: { key: string; fn: () => Promise<T> | T }) {
      if (!checkpoints.has(opts.key)) {
        checkpoints.set(opts.key, (await opts.fn()) as JsonValue);
      }
      return checkpoints.get(opts.key) as T;
    },
  };
  const op = (timeoutMinutes?: number) => ({
    engine: engine as unknown as PulumiEngineService,
    ref,
    request: { kind: 'up' as const },
    timeoutMinutes,
  });
  return { engine, api, calls, gate, ctx, checkpoints, op };
}

const waiting = { id: 'run-1', status: 'awaiting_approval' };
const approved = {
  id: 'run-1',
  status: 'running',
  approval: { state: 'approved' },
};

describe('approvedOperation', () => {
  it('saves the plan, waits for the approval, applies the plan the API holds and reports the result', async () => {
    const { engine, calls, gate, ctx, op } = setUp([
      waiting,
      waiting,
      approved,
    ]);
    const result = await approvedOperation(gate, ctx, op());
    expect(result).toMatchObject({ status: 'succeeded' });
    expect(engine.runOperation.mock.calls.map(([r]) => r.plan)).toEqual([
      { save: expect.any(Function) },
      { apply: 'PLAN' },
    ]);
    expect(calls).toEqual([
      'POST /stacks/local/site/prod/plans',
      'GET /runs/run-1',
      'GET /runs/run-1',
      'GET /runs/run-1',
      'GET /runs/run-1/plan',
      'POST /runs/run-1/result',
    ]);
  });

  it('fails with the decision and its comment when the plan is rejected, applying nothing', async () => {
    const { engine, gate, ctx, op } = setUp([
      {
        id: 'run-1',
        status: 'rejected',
        approval: {
          state: 'rejected',
          decidedBy: 'user:default/bob',
          comment: 'no',
        },
      },
    ]);
    await expect(approvedOperation(gate, ctx, op())).rejects.toThrow(
      'the run is rejected by user:default/bob: "no"',
    );
    expect(engine.runOperation).toHaveBeenCalledTimes(1);
  });

  it('cancels the run at the deadline, which a recovered task keeps', async () => {
    const { engine, calls, gate, ctx, op, checkpoints } = setUp([waiting]);
    checkpoints.set(KEY, {
      runId: 'run-1',
      waitUntil: new Date(0).toISOString(),
    });
    await expect(approvedOperation(gate, ctx, op())).rejects.toThrow(
      'No one approved the plan of run run-1 by 1970-01-01T00:00:00.000Z; the run was cancelled',
    );
    expect(calls).toEqual(['GET /runs/run-1', 'POST /runs/run-1/cancel']);
    expect(engine.runOperation).not.toHaveBeenCalled();
  });

  it('gives the wait the timeout asked for', async () => {
    const { gate, ctx, op, checkpoints } = setUp([approved]);
    await approvedOperation(gate, ctx, op(5));
    const { waitUntil } = checkpoints.get(KEY) as { waitUntil: string };
    const minutes = (Date.parse(waitUntil) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4.9);
    expect(minutes).toBeLessThanOrEqual(5);
  });

  it('takes up the wait of the run a recovered task submitted, without planning again', async () => {
    const { engine, calls, gate, ctx, op, checkpoints } = setUp([
      { id: 'run-1', status: 'succeeded', changeSummary: { update: 1 } },
    ]);
    checkpoints.set(KEY, {
      runId: 'run-1',
      waitUntil: new Date(Date.now() + 60_000).toISOString(),
    });
    const result = await approvedOperation(gate, ctx, op());
    expect(result).toMatchObject({
      status: 'succeeded',
      changeSummary: { update: 1 },
    });
    expect(engine.runOperation).not.toHaveBeenCalled();
    expect(calls).toEqual(['GET /runs/run-1']);
  });
});
