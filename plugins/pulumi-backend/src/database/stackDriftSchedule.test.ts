import { TestDatabases } from '@backstage/backend-test-utils';
import { createTestStores } from './__testUtils__/testStores';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

// The drift schedule's columns of pulumi_stacks, through the stack store that owns the table.
describe.each(databases.eachSupportedId())('the drift schedule on %s', id => {
  async function setup(stackNames: string[]) {
    const { stacks } = await createTestStores(databases, id);
    await stacks.replaceBackendStacks(
      'local',
      stackNames.map(stack => ({
        backendId: 'local',
        organization: 'organization',
        project: 'web',
        stack,
      })),
    );
    return { stacks };
  }

  it('lets exactly one of several claimers take a due stack per period', async () => {
    const { stacks } = await setup(['a', 'b', 'c']);
    const now = new Date('2026-11-01T00:00:00.000Z');
    const claims = await Promise.all(
      Array.from({ length: 4 }, () =>
        stacks.claimDueDriftChecks({ now, periodMs: 60_000, limit: 10 }),
      ),
    );
    expect(claims.flat().sort()).toEqual([
      'local:organization/web/a',
      'local:organization/web/b',
      'local:organization/web/c',
    ]);
    expect(
      await stacks.claimDueDriftChecks({
        now: new Date(now.getTime() + 59_000),
        periodMs: 60_000,
        limit: 10,
      }),
    ).toEqual([]);
    expect(
      await stacks.claimDueDriftChecks({
        now: new Date(now.getTime() + 60_000),
        periodMs: 60_000,
        limit: 10,
      }),
    ).toHaveLength(3);
  });

  it('claims a stack by its own period from its tag, or not at all when it is off', async () => {
    const { stacks } = await setup(['a', 'b', 'c']);
    const ref = (stack: string) => `local:organization/web/${stack}`;
    const t0 = Date.parse('2026-11-01T00:00:00.000Z');
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    const claim = async (minutes: number) =>
      (
        await stacks.claimDueDriftChecks({
          now: at(minutes),
          periodMs: 60 * 60_000,
          limit: 10,
        })
      ).sort();
    await stacks.setDriftIntervals(
      'local',
      { [ref('a')]: 15 * 60, [ref('c')]: 0 },
      at(0),
    );
    expect(await claim(0)).toEqual([ref('a'), ref('b')]);
    expect(await claim(14)).toEqual([]);
    expect(await claim(15)).toEqual([ref('a')]);
    expect(await claim(30)).toEqual([ref('a')]);
    expect(await claim(60)).toEqual([ref('a'), ref('b')]);

    // b's tag shortens its period to 10 minutes: its next check, due at 120, moves up to 70.
    await stacks.setDriftIntervals(
      'local',
      { [ref('a')]: 15 * 60, [ref('b')]: 10 * 60, [ref('c')]: 0 },
      at(60),
    );
    expect(await claim(69)).toEqual([]);
    expect(await claim(70)).toEqual([ref('b')]);
    const listed = (await stacks.listStacks({}, { limit: 10 })).items;
    expect(listed.map(st => [st.stack, st.driftIntervalSeconds])).toEqual([
      ['a', 900],
      ['b', 600],
      ['c', 0],
    ]);
    expect(
      listed.find(st => st.stack === 'c')?.driftNextCheckAt,
    ).toBeUndefined();

    // Tags removed: every stack follows the configured period again, c included.
    await stacks.setDriftIntervals('local', {}, at(80));
    expect(await claim(80)).toEqual([ref('a'), ref('b'), ref('c')]);
  });

  it('rate-limits manual checks per stack', async () => {
    const { stacks } = await setup(['a', 'b']);
    const now = new Date('2026-11-01T00:00:00.000Z');
    const later = (s: number) => new Date(now.getTime() + s * 1000);
    expect(
      await stacks.requestManualDriftCheck(
        'local:organization/web/a',
        now,
        60_000,
      ),
    ).toEqual({ accepted: true });
    expect(
      await stacks.requestManualDriftCheck(
        'local:organization/web/a',
        later(20),
        60_000,
      ),
    ).toEqual({
      accepted: false,
      retryAfterSeconds: 40,
    });
    expect(
      await stacks.requestManualDriftCheck(
        'local:organization/web/b',
        later(20),
        60_000,
      ),
    ).toEqual({ accepted: true });
    expect(
      await stacks.requestManualDriftCheck(
        'local:organization/web/a',
        later(60),
        60_000,
      ),
    ).toEqual({ accepted: true });
  });
});
