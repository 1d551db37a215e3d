import { TestDatabases } from '@backstage/backend-test-utils';
import type { PulumiDriftFinding } from '@stackyard/plugin-pulumi-common';
import { createTestStores } from './__testUtils__/testStores';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const finding = (
  name: string,
  type = 'stackyard:LocalFile',
): PulumiDriftFinding => ({
  urn: `urn:pulumi:dev::web::${type}::${name}`,
  type,
  name,
  kind: 'changed',
  source: 'outside',
  properties: [{ path: 'content', expected: 'a', actual: 'b' }],
  ignored: false,
});

describe.each(databases.eachSupportedId())('DatabaseDriftStore on %s', id => {
  async function setup(stackNames = ['dev']) {
    const { knex, stacks, runs, drift } = await createTestStores(databases, id);
    await stacks.replaceBackendStacks(
      'local',
      stackNames.map(stack => ({
        backendId: 'local',
        organization: 'organization',
        project: 'web',
        stack,
      })),
    );
    let clock = Date.parse('2026-11-01T00:00:00.000Z');
    const check = async (
      stack: string,
      status: 'in_sync' | 'drifted' | 'error',
      findings: PulumiDriftFinding[] = [],
      at?: string,
    ) => {
      const stackRef = `local:organization/web/${stack}`;
      const run = await runs.createRun({
        stackRef,
        backendId: 'local',
        project: 'web',
        stack,
        kind: 'drift-check',
        requestedBy: 'stackyard:drift-scheduler',
      });
      clock += 60 * 60 * 1000;
      return drift.recordCheck({
        runId: run.id,
        stackRef,
        kind: 'drift-check',
        status,
        requestedBy: run.requestedBy,
        checkedAt: at ?? new Date(clock).toISOString(),
        findings,
      });
    };
    return { knex, stacks, runs, drift, check };
  }

  it('records checks, the stack status, and what changed since the last check', async () => {
    const { drift, stacks, check } = await setup();
    expect(await check('dev', 'in_sync')).toEqual({ previous: 'unknown' });
    expect(
      await check('dev', 'drifted', [
        finding('a'),
        { ...finding('b'), ignored: true, ignoredBy: 'r1' },
      ]),
    ).toEqual({ previous: 'in_sync' });
    expect(await check('dev', 'drifted', [finding('c')])).toEqual({
      previous: 'drifted',
    });
    expect((await stacks.getStack('local', 'web', 'dev'))?.driftStatus).toBe(
      'drifted',
    );

    const report = await drift.getReport(
      'local:organization/web/dev',
      new Date('2026-11-01T04:00:00.000Z'),
    );
    expect(report).toMatchObject({
      status: 'drifted',
      lastCheck: { status: 'drifted', findings: 1, ignored: 0 },
      secondsSinceLastCheck: 3600,
      changedSinceLastCheck: {
        newlyDrifted: ['urn:pulumi:dev::web::stackyard:LocalFile::c'],
        resolved: ['urn:pulumi:dev::web::stackyard:LocalFile::a'],
      },
    });
    expect(report.findings).toEqual([finding('c')]);
    const history = await drift.listChecks('local:organization/web/dev', 10);
    expect(history.map(c => [c.status, c.findings, c.ignored])).toEqual([
      ['drifted', 1, 0],
      ['drifted', 1, 1],
      ['in_sync', 0, 0],
    ]);
  });

  it("gives the findings of each stack's latest check that no rule ignores, for many stacks at once", async () => {
    const { drift, check } = await setup(['a', 'b', 'c']);
    const ref = (stack: string) => `local:organization/web/${stack}`;
    await check('a', 'drifted', [finding('old')]);
    await check('a', 'drifted', [
      finding('x'),
      { ...finding('y'), ignored: true, ignoredBy: 'r1' },
      finding('z', 'stackyard:Other'),
    ]);
    // Recorded last, but checked before: not the latest check.
    await check('a', 'drifted', [finding('late')], '2026-10-01T00:00:00.000Z');
    await check('b', 'drifted', [finding('resolved')]);
    await check('b', 'in_sync');
    // c was never checked.

    const latest = await drift.latestFindings([ref('a'), ref('b'), ref('c')]);
    expect([...latest.keys()]).toEqual([ref('a')]);
    expect(latest.get(ref('a'))).toEqual([
      finding('x'),
      finding('z', 'stackyard:Other'),
    ]);
    expect(await drift.latestFindings([])).toEqual(new Map());
  });

  it('summarises counts, drifted stacks per day, time to resolve and top types', async () => {
    const { drift, check } = await setup(['a', 'b']);
    await check('a', 'in_sync', [], '2026-11-01T00:00:00.000Z');
    await check(
      'a',
      'drifted',
      [finding('x'), finding('y', 'aws:s3/bucket:Bucket')],
      '2026-11-01T06:00:00.000Z',
    );
    await check('a', 'drifted', [finding('x')], '2026-11-02T06:00:00.000Z');
    await check('a', 'in_sync', [], '2026-11-02T10:00:00.000Z');
    await check('b', 'drifted', [finding('z')], '2026-11-02T12:00:00.000Z');
    await check('b', 'in_sync', [], '2026-11-02T14:00:00.000Z');
    await check('b', 'drifted', [finding('z')], '2026-11-03T00:00:00.000Z');

    const summary = await drift.summary({
      since: new Date('2026-11-01T00:00:00.000Z'),
      now: new Date('2026-11-03T12:00:00.000Z'),
    });
    expect(summary.counts).toEqual({
      in_sync: 1,
      unknown: 0,
      error: 0,
      drifted: 1,
    });
    expect(summary.driftedPerDay).toEqual([
      { day: '2026-11-01', stacks: 1 },
      { day: '2026-11-02', stacks: 2 },
      { day: '2026-11-03', stacks: 1 },
    ]);
    // a: 06:00 on the 1st to 10:00 on the 2nd (28 h); b: 12:00 to 14:00 (2 h).
    expect(summary.timeToResolve).toEqual({
      episodes: 2,
      meanSeconds: 15 * 3600,
      medianSeconds: 15 * 3600,
    });
    expect(summary.topResourceTypes).toEqual([
      { type: 'stackyard:LocalFile', findings: 4 },
      { type: 'aws:s3/bucket:Bucket', findings: 1 },
    ]);
    const onlyB = await drift.summary({
      since: new Date('2026-11-01T00:00:00.000Z'),
      now: new Date('2026-11-03T12:00:00.000Z'),
      stackRefs: ['local:organization/web/b'],
    });
    expect(onlyB.counts.drifted).toBe(1);
    expect(onlyB.timeToResolve.episodes).toBe(1);
  });

  it('keeps ignore rules, and deletes history older than the retention', async () => {
    const { drift, runs, check } = await setup();
    const rule = await drift.addRule({
      type: 'stackyard:*',
      reason: 'noise',
      createdBy: 'user:default/pat',
    });
    expect(await drift.listRules()).toEqual([
      expect.objectContaining({
        id: rule.id,
        type: 'stackyard:*',
        source: 'api',
        createdBy: 'user:default/pat',
      }),
    ]);
    expect(await drift.deleteRule(rule.id)).toBe(true);
    expect(await drift.deleteRule(rule.id)).toBe(false);

    await check('dev', 'drifted', [finding('a')], '2026-10-01T00:00:00.000Z');
    await check('dev', 'in_sync', [], '2026-11-20T00:00:00.000Z');
    const deleted = await drift.deleteOlderThan(
      new Date('2026-11-01T00:00:00.000Z'),
    );
    expect(deleted).toBe(1);
    expect(
      (await drift.listChecks('local:organization/web/dev', 10)).map(
        c => c.status,
      ),
    ).toEqual(['in_sync']);
    expect(await runs.listRuns('local:organization/web/dev', 10)).toHaveLength(
      2,
    );
  });
});
