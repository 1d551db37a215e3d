/**
 * Wakes those who wait for a run's next events when this process writes them, so that a live run's
 * stream passes them on at once. Writes of other replicas are not seen here: the waiters poll for them.
 */
export class RunSignals {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Wakes every waiter of run `runId`. */
  notify(runId: string): void {
    const waiting = this.waiters.get(runId);
    if (!waiting) return;
    this.waiters.delete(runId);
    for (const wake of waiting) wake();
  }

  /** Resolves at the next {@link RunSignals.notify} of run `runId`, or after `timeoutMs`. */
  wait(runId: string, timeoutMs: number): Promise<void> {
    return new Promise(resolve => {
      const waiting = this.waiters.get(runId) ?? new Set<() => void>();
      this.waiters.set(runId, waiting);
      const timeout: { timer?: NodeJS.Timeout } = {};
      const wake = () => {
        clearTimeout(timeout.timer);
        waiting.delete(wake);
        if (waiting.size === 0 && this.waiters.get(runId) === waiting) {
          this.waiters.delete(runId);
        }
        resolve();
      };
      timeout.timer = setTimeout(wake, timeoutMs);
      waiting.add(wake);
    });
  }
}
