import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { createTestStores } from '../database/__testUtils__/testStores';
import type { RunStore } from '../database/RunStore';
import { ApprovalService } from './ApprovalService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const HOUR = 60 * 60 * 1000;
const stack = {
  stackRef: 'local:organization/website/prod',
  backendId: 'local',
  project: 'website',
  stack: 'prod',
  requestedBy: ALICE,
};

/** A run of `kind` whose plan was saved at `at` and waits for a decision for an hour. */
async function parkedRun(
  runs: RunStore,
  at: Date,
  kind: 'up' | 'destroy' = 'up',
) {
  const run = await runs.createRun({ ...stack, kind, approval: true });
  expect(run.approval).toEqual({ state: 'planning' });
  await runs.claimNextRun('worker', 30_000);
  const parked = await runs.awaitApproval(run.id, {
    owner: 'worker',
    plan: '{"resourcePlans":{}}',
    steps: [
      {
        urn: 'urn:pulumi:prod::website::t::page',
        type: 't',
        name: 'page',
        operation: 'update',
        properties: [{ path: 'content', before: 'a', after: 'b' }],
      },
    ],
    changeSummary: { update: 1 },
    expiresAt: new Date(at.getTime() + HOUR),
  });
  expect(parked).toMatchObject({
    status: 'awaiting_approval',
    approval: { state: 'pending', changeSummary: { update: 1 } },
  });
  return parked!;
}

describe.each(databases.eachSupportedId())('ApprovalService on %s', id => {
  async function setUp() {
    const { runs, stacks } = await createTestStores(databases, id);
    let now = new Date('2026-12-01T10:00:00.000Z');
    const send = jest.fn();
    const auditor = mockServices.auditor.mock();
    const onApproved = jest.fn();
    const service = new ApprovalService({
      runs,
      logger: mockServices.logger.mock(),
      auditor,
      notifications: { send } as any,
      ownersOf: async () => [ALICE, 'group:default/web'],
      onApproved,
      expiresAfterMs: 60 * 60 * 1000,
      now: () => now,
    });
    const setNow = (iso: string) => {
      now = new Date(iso);
    };
    return { runs, stacks, service, send, auditor, onApproved, setNow };
  }

  it('queues an approved run again with its plan, and tells the requester', async () => {
    const { runs, service, send, onApproved } = await setUp();
    const run = await parkedRun(runs, new Date('2026-12-01T10:00:00.000Z'));
    const decided = await service.decide(run, {
      approved: true,
      by: BOB,
      comment: 'ship it',
    });
    expect(decided).toMatchObject({
      status: 'queued',
      approval: {
        state: 'approved',
        decidedBy: BOB,
        decidedAt: '2026-12-01T10:00:00.000Z',
        comment: 'ship it',
      },
    });
    expect(onApproved).toHaveBeenCalled();
    expect(await runs.getApprovedPlan(run.id)).toBe('{"resourcePlans":{}}');
    expect(send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: [ALICE] },
      payload: expect.objectContaining({
        title: 'Approved: the up of website/prod',
        description: `${BOB} approved the plan of your up: "ship it"`,
        link: '/pulumi/stacks/local/website/prod/runs',
      }),
    });
    // The run holds its stack from its request to its end.
    await expect(runs.createRun({ ...stack, kind: 'refresh' })).rejects.toThrow(
      ConflictError,
    );
  });

  it('never lets the requester decide, and decides once', async () => {
    const { runs, service } = await setUp();
    const run = await parkedRun(runs, new Date('2026-12-01T10:00:00.000Z'));
    await expect(
      service.decide(run, { approved: true, by: ALICE }),
    ).rejects.toThrow(NotAllowedError);
    await service.decide(run, { approved: false, by: BOB });
    const ended = await runs.getRun(run.id);
    expect(ended).toMatchObject({
      status: 'rejected',
      approval: { state: 'rejected', decidedBy: BOB },
    });
    expect(ended?.finishedAt).toBeDefined();
    await expect(
      service.decide(run, { approved: true, by: BOB }),
    ).rejects.toThrow(/is rejected/);
    expect(await runs.getApprovedPlan(run.id)).toBeUndefined();
    // A rejected run lets go of its stack.
    await expect(
      runs.createRun({ ...stack, kind: 'refresh' }),
    ).resolves.toMatchObject({ status: 'queued' });
  });

  it('expires a plan nobody decided on in time, and tells the requester', async () => {
    const { runs, service, send, auditor, setNow } = await setUp();
    const run = await parkedRun(runs, new Date('2026-12-01T10:00:00.000Z'));
    setNow('2026-12-01T10:59:59.000Z');
    expect(await service.expire()).toEqual([]);

    setNow('2026-12-01T11:00:00.000Z');
    await expect(
      service.decide(run, { approved: true, by: BOB }),
    ).rejects.toThrow(/expired at 2026-12-01T11:00:00.000Z/);
    const [expired] = await service.expire();
    expect(expired).toMatchObject({
      id: run.id,
      status: 'expired',
      approval: { state: 'expired' },
    });
    expect(await service.expire()).toEqual([]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'run-approval-expire' }),
    );
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: { type: 'entity', entityRef: [ALICE] },
        payload: expect.objectContaining({
          title: 'Expired: the up of website/prod',
        }),
      }),
    );
  });

  it('tells the owners but the requester that a plan waits', async () => {
    const { runs, service, send } = await setUp();
    const run = await parkedRun(runs, new Date('2026-12-01T10:00:00.000Z'));
    await service.announce(run);
    expect(send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: ['group:default/web'] },
      payload: expect.objectContaining({
        title: 'Approval wanted: the up of website/prod',
        description: expect.stringContaining('1 to update'),
      }),
    });
  });

  it('cancels a run that awaits approval at once, so that no one can approve it', async () => {
    const { runs, service } = await setUp();
    const run = await parkedRun(runs, new Date('2026-12-01T10:00:00.000Z'));
    expect(await runs.requestCancel(run.id)).toMatchObject({
      status: 'cancelled',
    });
    await expect(
      service.decide(run, { approved: true, by: BOB }),
    ).rejects.toThrow(/is cancelled/);
  });
});
