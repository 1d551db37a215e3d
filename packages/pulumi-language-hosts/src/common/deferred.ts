/** A promise settled from outside, once: later settlements are ignored, as Go's CompletionSource. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
  /** Whether it has been settled. */
  readonly settled: boolean;
}

/** Creates a {@link Deferred}. */
export function createDeferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A rejection nobody waits for must not crash the host.
  promise.catch(() => undefined);
  let settled = false;
  return {
    promise,
    get settled() {
      return settled;
    },
    resolve(value) {
      if (!settled) {
        settled = true;
        resolve(value);
      }
    },
    reject(error) {
      if (!settled) {
        settled = true;
        reject(error);
      }
    },
  };
}
