import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { createStores } from '../database/createStores';
import { HistoryCleaner } from './HistoryCleaner';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('HistoryCleaner on %s', id => {
  it('deletes old drift checks, then finished runs with their events and checks', async () => {
    const knex = await databases.init(id);
    const { stacks, runs, drift } = await createStores(
      mockServices.database({ knex, migrations: { skip: false } }),
    );
    const stackRef = 'local:organization/web/dev';
    await stacks.replaceBackendStacks('local', [
      {
        backendId: 'local',
        organization: 'organization',
        project: 'web',
        stack: 'dev',
      },
    ]);
    const newRun = () =>
      runs.createRun({
        stackRef,
        backendId: 'local',
        project: 'web',
        stack: 'dev',
        kind: 'drift-check',
        requestedBy: 'user:default/pat',
      });
    const finished = await newRun();
    await runs.claimNextRun('test', 60_000);
    await runs.appendEvents(finished.id, [
      { type: 'status', payload: { status: 'running' } },
    ]);
    await runs.finishRun(finished.id, { owner: 'test', status: 'succeeded' });
    const queued = await newRun();
    await drift.recordCheck({
      runId: finished.id,
      stackRef,
      kind: 'drift-check',
      status: 'in_sync',
      requestedBy: finished.requestedBy,
      checkedAt: new Date().toISOString(),
      findings: [],
    });
    const cleaner = new HistoryCleaner({
      drift,
      runs,
      logger: mockServices.logger.mock(),
      retentionMs: 24 * 60 * 60 * 1000,
    });

    // Nothing is old enough yet.
    expect(await cleaner.clean()).toEqual({ checks: 0, runs: 0 });
    // Two days on, the finished run goes with its events and its check; the queued one stays.
    const later = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    expect(await cleaner.clean(later)).toEqual({ checks: 1, runs: 1 });
    expect(await runs.getRun(finished.id)).toBeUndefined();
    expect(await runs.listEvents(finished.id, 0, 10)).toEqual([]);
    expect(await drift.listChecks(stackRef, 10)).toEqual([]);
    expect((await runs.getRun(queued.id))?.status).toBe('queued');
    // The stack keeps the status of its last check.
    expect(
      (await stacks.listStacks({}, { limit: 1 })).items[0].driftStatus,
    ).toBe('in_sync');
  });
});
