import { useEffect, useRef, useState } from 'react';

/** The state of {@link useEagerAsync}, as react-use's `useAsync` returns it. */
export type EagerAsyncState<T> =
  | { loading: true; value?: T; error?: undefined }
  | { loading: false; value: T; error?: undefined }
  | { loading: false; value?: undefined; error: Error };

/**
 * Requests started by a render that React then discarded: when a child suspends (a translation or a lazy
 * component loading) React throws the first render of a new page away and renders it again, with new refs.
 * The second render takes the first one's request from here instead of sending it twice. The effect that
 * reads a request removes it; one that nobody read is stale after a few seconds.
 */
const started = new Map<string, { promise: Promise<unknown>; at: number }>();
const UNREAD_FOR_MS = 5_000;

function start<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const earlier = started.get(key);
  if (earlier && Date.now() - earlier.at < UNREAD_FOR_MS) {
    return earlier.promise as Promise<T>;
  }
  const promise = fn();
  // Handled here too, so that a failure before the effect below subscribes is not reported as unhandled.
  promise.catch(() => {});
  started.set(key, { promise, at: Date.now() });
  return promise;
}

/**
 * `useAsync` that sends its request while the view renders, not after: `useAsync` starts it in an effect,
 * which runs only once the view's first render is committed and painted, so on a first load the request
 * waited for the whole skeleton of the page (150 to 250 ms in Chromium on a busy machine). The data of the
 * explorer and the dashboard arrive that much sooner.
 *
 * `key` names the request with its parameters (for example `stacks?sort=name`): a new key sends a new
 * request, as new deps do with `useAsync`. While it runs, the last value stays; a stale answer never
 * replaces a newer one.
 */
export function useEagerAsync<T>(
  key: string,
  fn: () => Promise<T>,
): EagerAsyncState<T> {
  const current = useRef<{ key: string; promise: Promise<T> }>();
  if (current.current?.key !== key) {
    current.current = { key, promise: start(key, fn) };
  }
  const promise = current.current.promise;
  const [state, setState] = useState<EagerAsyncState<T>>({ loading: true });

  useEffect(() => {
    let live = true;
    if (started.get(key)?.promise === promise) started.delete(key);
    setState(previous =>
      previous.loading ? previous : { loading: true, value: previous.value },
    );
    promise.then(
      value => {
        if (live) setState({ loading: false, value });
      },
      error => {
        if (live) setState({ loading: false, error });
      },
    );
    return () => {
      live = false;
    };
  }, [key, promise]);

  return state;
}
