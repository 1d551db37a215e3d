import type { PulumiDriftSummary } from '@stackyard/plugin-pulumi-common';
import { SummaryCache } from './summaryCache';

const summary = (n: number) => ({ n } as unknown as PulumiDriftSummary);

describe('SummaryCache', () => {
  let clock: number;
  let computed: number;
  const cache = () => new SummaryCache(() => clock);
  const compute = async () => summary(++computed);
  const window = (refs?: string[]) => ({
    since: new Date(clock - 30 * 86_400_000),
    now: new Date(clock),
    ...(refs ? { stackRefs: refs } : {}),
  });

  beforeEach(() => {
    clock = 1_000_000_000;
    computed = 0;
  });

  it('computes a scope once for requests within a few seconds, also those that come meanwhile', async () => {
    const c = cache();
    const [a, b] = await Promise.all([
      c.get(window(), compute),
      c.get(window(), compute),
    ]);
    clock += 4_000;
    expect(await c.get(window(), compute)).toBe(a);
    expect(b).toBe(a);
    expect(computed).toBe(1);
    clock += 2_000;
    expect(await c.get(window(), compute)).toEqual(summary(2));
  });

  it('keeps scopes apart, whatever the order of their stacks', async () => {
    const c = cache();
    await c.get(window(['a', 'b']), compute);
    expect(await c.get(window(['b', 'a']), compute)).toEqual(summary(1));
    expect(await c.get(window(['a']), compute)).toEqual(summary(2));
    expect(await c.get(window(), compute)).toEqual(summary(3));
  });
});
