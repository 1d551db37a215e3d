import { TtlCache } from './ttlCache';

describe('TtlCache', () => {
  let clock: number;
  let computed: number;
  const cache = (maxEntries = 10) =>
    new TtlCache<number>({ ttlMs: 5_000, maxEntries, now: () => clock });
  const compute = async () => ++computed;

  beforeEach(() => {
    clock = 1_000_000;
    computed = 0;
  });

  it('computes a key once within its time to live, also for callers that come meanwhile', async () => {
    const c = cache();
    const [a, b] = await Promise.all([
      c.get('k', compute),
      c.get('k', compute),
    ]);
    expect([a, b]).toEqual([1, 1]);
    clock += 4_999;
    expect(await c.get('k', compute)).toBe(1);
    clock += 1;
    expect(await c.get('k', compute)).toBe(2);
  });

  it('keeps keys apart', async () => {
    const c = cache();
    expect(await c.get('a', compute)).toBe(1);
    expect(await c.get('b', compute)).toBe(2);
    expect(await c.get('a', compute)).toBe(1);
  });

  it('computes again after a clear, and after a failure', async () => {
    const c = cache();
    await c.get('k', compute);
    c.clear();
    expect(await c.get('k', compute)).toBe(2);
    await expect(
      c.get('f', () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(await c.get('f', compute)).toBe(3);
  });

  it('drops the oldest key past its size', async () => {
    const c = cache(2);
    await c.get('a', compute);
    await c.get('b', compute);
    await c.get('c', compute);
    expect(await c.get('b', compute)).toBe(2);
    expect(await c.get('a', compute)).toBe(4);
  });
});
