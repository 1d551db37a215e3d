import { mapConcurrently } from './concurrency';

describe('mapConcurrently', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    const flush = () => new Promise(resolve => setTimeout(resolve, 0));
    const gates = [1, 2, 3, 4, 5].map(() => {
      let open = () => {};
      const promise = new Promise<void>(resolve => {
        open = resolve;
      });
      return { promise, open };
    });
    let running = 0;
    let most = 0;
    const result = mapConcurrently([1, 2, 3, 4, 5], 2, async n => {
      running++;
      most = Math.max(most, running);
      await gates[n - 1].promise;
      running--;
      return n * 10;
    });
    await flush();
    expect(running).toBe(2);
    // Let them finish out of order.
    for (const index of [1, 0, 3, 2, 4]) {
      gates[index].open();
      await flush();
    }
    await expect(result).resolves.toEqual([10, 20, 30, 40, 50]);
    expect(most).toBe(2);
  });

  it('handles no items', async () => {
    await expect(mapConcurrently([], 4, async () => 1)).resolves.toEqual([]);
  });

  it('rejects with the first error', async () => {
    await expect(
      mapConcurrently([1, 2], 1, async n => {
        if (n === 2) throw new Error('two');
        return n;
      }),
    ).rejects.toThrow('two');
  });
});
