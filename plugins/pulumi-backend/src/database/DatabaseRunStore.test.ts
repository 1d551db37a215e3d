import { TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { createTestStores } from './__testUtils__/testStores';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const stack = {
  stackRef: 'local:organization/website/dev',
  backendId: 'local',
  project: 'website',
  stack: 'dev',
  requestedBy: 'user:default/alice',
};

describe.each(databases.eachSupportedId())('DatabaseRunStore on %s', id => {
  async function createStore() {
    const { knex, runs } = await createTestStores(databases, id);
    return { knex, store: runs };
  }

  it('allows one mutating run per stack, and any number of read-only ones', async () => {
    const { store } = await createStore();
    const up = await store.createRun({ ...stack, kind: 'up' });
    expect(up).toMatchObject({ status: 'queued', kind: 'up' });

    const second = store.createRun({ ...stack, kind: 'destroy' });
    await expect(second).rejects.toThrow(ConflictError);
    await expect(second).rejects.toThrow(up.id);

    await store.createRun({ ...stack, kind: 'drift-check' });
    await store.createRun({ ...stack, kind: 'preview' });
    // Another stack is not affected.
    await store.createRun({
      ...stack,
      stackRef: 'local:organization/website/prod',
      stack: 'prod',
      kind: 'up',
    });

    await store.finishRun(up.id, {
      status: 'succeeded',
      changeSummary: { create: 2 },
    });
    await expect(
      store.createRun({ ...stack, kind: 'destroy' }),
    ).resolves.toMatchObject({
      status: 'queued',
    });
  });

  it('claims runs once, one stack at a time, and records events in order', async () => {
    const { store } = await createStore();
    const first = await store.createRun({
      ...stack,
      kind: 'up',
      targets: ['urn:a'],
    });
    const second = await store.createRun({ ...stack, kind: 'drift-check' });

    const claimed = await store.claimNextRun('worker-1', 30_000);
    expect(claimed).toMatchObject({
      id: first.id,
      status: 'running',
      targets: ['urn:a'],
    });
    // The stack is busy, so its drift check waits.
    expect(await store.claimNextRun('worker-2', 30_000)).toBeUndefined();

    await store.appendEvents(first.id, [
      { type: 'engine', payload: { sequence: 1 } },
      { type: 'progress', payload: { done: 1, total: 2 } },
    ]);
    await store.setProgress(first.id, 1, 2);
    expect(await store.renewLease(first.id, 'worker-1', 30_000)).toEqual({
      owned: true,
      cancelRequested: false,
    });
    expect(await store.renewLease(first.id, 'worker-2', 30_000)).toMatchObject({
      owned: false,
    });
    await store.finishRun(first.id, {
      status: 'succeeded',
      changeSummary: { create: 1 },
    });

    expect(await store.claimNextRun('worker-2', 30_000)).toMatchObject({
      id: second.id,
    });

    const events = await store.listEvents(first.id, 0, 100);
    expect(events.map(e => [e.seq, e.type])).toEqual([
      [1, 'status'],
      [2, 'status'],
      [3, 'engine'],
      [4, 'progress'],
      [5, 'status'],
    ]);
    expect(events[4].payload).toMatchObject({
      status: 'succeeded',
      changeSummary: { create: 1 },
      progress: { done: 1, total: 2 },
    });
    expect((await store.listEvents(first.id, 3, 100)).map(e => e.seq)).toEqual([
      4, 5,
    ]);
    expect((await store.listRuns(stack.stackRef, 10)).map(r => r.id)).toEqual([
      second.id,
      first.id,
    ]);
  });

  it('cancels queued runs at once and flags running ones', async () => {
    const { store } = await createStore();
    const queued = await store.createRun({ ...stack, kind: 'up' });
    expect(await store.requestCancel(queued.id)).toMatchObject({
      status: 'cancelled',
    });

    const running = await store.createRun({ ...stack, kind: 'refresh' });
    await store.claimNextRun('worker-1', 30_000);
    expect(await store.requestCancel(running.id)).toMatchObject({
      status: 'running',
      cancelRequested: true,
    });
    expect(await store.renewLease(running.id, 'worker-1', 30_000)).toEqual({
      owned: true,
      cancelRequested: true,
    });
  });

  it('fails mutating runs whose lease expired, and frees their stack', async () => {
    const { store } = await createStore();
    const run = await store.createRun({ ...stack, kind: 'up' });
    await store.claimNextRun('dead-worker', -1);
    const { failed, requeued } = await store.reapExpiredRuns(
      'the process running it stopped',
    );
    expect(requeued).toEqual([]);
    expect(failed).toEqual([
      expect.objectContaining({
        id: run.id,
        status: 'failed',
        error: 'the process running it stopped',
      }),
    ]);
    await expect(
      store.createRun({ ...stack, kind: 'up' }),
    ).resolves.toBeDefined();
  });

  it('requeues read-only runs whose lease expired, a few times at most', async () => {
    const { store } = await createStore();
    const run = await store.createRun({ ...stack, kind: 'drift-check' });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await store.claimNextRun(`dead-worker-${attempt}`, -1);
      const { requeued } = await store.reapExpiredRuns('stopped');
      expect(requeued.map(r => [r.id, r.status])).toEqual([[run.id, 'queued']]);
    }
    await store.claimNextRun('dead-worker-4', -1);
    const { failed } = await store.reapExpiredRuns('stopped');
    expect(failed.map(r => r.id)).toEqual([run.id]);
    expect(await store.hasActiveRun(stack.stackRef, ['drift-check'])).toBe(
      false,
    );
  });
});
