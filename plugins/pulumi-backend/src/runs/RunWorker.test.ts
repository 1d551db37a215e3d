import { mockServices } from '@backstage/backend-test-utils';
import type { PulumiRun } from '@stackyard/plugin-pulumi-common';
import type { PulumiEngineService } from '@stackyard/plugin-pulumi-node';
import { waitFor } from '@stackyard/plugin-pulumi-node/testUtils';
import type { RunStore } from '../database/RunStore';
import type { StackStore } from '../database/StackStore';
import type { StackSync } from '../sync/StackSync';
import { RunWorker } from './RunWorker';

// The worker against stand-ins for its stores and engine: a queue that never runs dry, whose claims take a
// moment, and runs that last until they are stopped, or until the test ends them (`endRun`).
function setup(concurrency: number) {
  let claims = 0;
  const enders: Array<() => void> = [];
  const runs = {
    reapExpiredRuns: async () => ({ failed: [], requeued: [] }),
    claimNextRun: async (): Promise<PulumiRun> => {
      await new Promise(resolve => setTimeout(resolve, 20));
      claims += 1;
      return {
        id: `run-${claims}`,
        stackRef: 'local:organization/web/dev',
        backendId: 'local',
        project: 'web',
        stack: 'dev',
        kind: 'drift-check',
        status: 'running',
        requestedBy: 'user:default/pat',
        createdAt: new Date().toISOString(),
        cancelRequested: false,
        progress: { done: 0 },
      };
    },
    renewLease: async () => ({ owned: true, cancelRequested: false }),
    appendEvents: async () => {},
    setProgress: async () => {},
    finishRun: async () => undefined,
  } as unknown as RunStore;
  const engine = {
    runOperation: ({ signal }: { signal: AbortSignal }) =>
      new Promise((resolve, reject) => {
        enders.push(() =>
          resolve({
            kind: 'drift-check',
            status: 'succeeded',
            changeSummary: {},
          }),
        );
        signal.addEventListener('abort', () => reject(new Error('stopped')));
      }),
  } as unknown as PulumiEngineService;
  const worker = new RunWorker({
    runs,
    stacks: { getStack: async () => undefined } as unknown as StackStore,
    engine,
    sync: {} as StackSync,
    logger: mockServices.logger.mock(),
    auditor: mockServices.auditor.mock(),
    concurrency,
    leaseMs: 30_000,
    pollMs: 60_000,
  });
  return {
    worker,
    claims: () => claims,
    endRun: () => enders.shift()?.(),
  };
}

describe('RunWorker', () => {
  it('never claims more runs than its concurrency, however often it is woken', async () => {
    const { worker, claims } = setup(2);
    await worker.start();
    // A burst of queued runs, as the drift scheduler queues a check of every due stack.
    for (let i = 0; i < 10; i++) {
      worker.wake();
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(claims()).toBe(2);
    await worker.stop();
  });

  it('starts the next queued run as soon as one ends, not at its next poll', async () => {
    const { worker, claims, endRun } = setup(1);
    await worker.start();
    const claimed = (n: number) =>
      waitFor(
        `${n} claims`,
        async () => claims(),
        c => c >= n,
        {
          timeoutMs: 4_000,
          intervalMs: 10,
        },
      );
    await claimed(1);
    endRun();
    // The next poll is a minute away: only the end of the run can start the next one in time.
    await claimed(2);
    expect(claims()).toBe(2);
    await worker.stop();
  });
});
