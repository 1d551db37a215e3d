import { RunSignals } from './runSignals';

describe('RunSignals', () => {
  it('wakes the waiters of a run when it is notified, and only them', async () => {
    const signals = new RunSignals();
    const woken: string[] = [];
    const a = signals.wait('a', 60_000).then(() => woken.push('a'));
    signals.wait('b', 60_000).then(() => woken.push('b'));
    signals.notify('a');
    await a;
    expect(woken).toEqual(['a']);
    signals.notify('b');
    await Promise.resolve();
    expect(woken).toEqual(['a', 'b']);
  });

  it('resolves after the timeout when nothing is written', async () => {
    jest.useFakeTimers();
    try {
      const signals = new RunSignals();
      const waiting = signals.wait('a', 200);
      jest.advanceTimersByTime(200);
      await expect(waiting).resolves.toBeUndefined();
      // A notify after the timeout finds no waiter left.
      expect(() => signals.notify('a')).not.toThrow();
    } finally {
      jest.useRealTimers();
    }
  });
});
