/**
 * Polls `fetch` until `done` accepts its value, and returns that value. It fails after `timeoutMs` with
 * what it waited for and the last value it saw, so a test that waits on a real backend says why it gave up.
 * Errors of `fetch` count as "not yet" when `retryErrors` is set (a service still starting), and fail the
 * wait otherwise.
 *
 * @public
 */
export async function waitFor<T>(
  what: string,
  fetch: () => Promise<T>,
  done: (value: T) => boolean,
  options: {
    timeoutMs?: number;
    intervalMs?: number;
    retryErrors?: boolean;
  } = {},
): Promise<T> {
  const {
    timeoutMs = 300_000,
    intervalMs = 250,
    retryErrors = false,
  } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last: unknown;
    let fetched = false;
    let value: T | undefined;
    try {
      value = await fetch();
      fetched = true;
    } catch (error) {
      if (!retryErrors) throw error;
      last = error;
    }
    // An error of `done` itself ends the wait: it is the test saying the wait is pointless.
    if (fetched) {
      if (done(value as T)) return value as T;
      last = value;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}; last saw ${
          last instanceof Error ? last.message : JSON.stringify(last)
        }`.slice(0, 2000),
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
