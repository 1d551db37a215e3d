import {
  act,
  render,
  renderHook,
  screen,
  waitFor,
} from '@testing-library/react';
import { Suspense } from 'react';
import { useEagerAsync } from './useEagerAsync';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useEagerAsync', () => {
  it('sends the request in the first render, once per set of deps', async () => {
    const fn = jest.fn(async (n: number) => n * 2);
    const { result, rerender } = renderHook(
      ({ n }) => useEagerAsync(`double:${n}`, () => fn(n)),
      { initialProps: { n: 1 } },
    );
    expect(fn).toHaveBeenCalledTimes(1);
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.value).toBe(2));

    rerender({ n: 1 });
    expect(fn).toHaveBeenCalledTimes(1);

    rerender({ n: 2 });
    expect(fn).toHaveBeenCalledTimes(2);
    // The last value stays while the next request runs.
    expect(result.current).toEqual({ loading: true, value: 2 });
    await waitFor(() => expect(result.current.value).toBe(4));
    expect(result.current.loading).toBe(false);
  });

  it('never lets a stale answer replace a newer one', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const { result, rerender } = renderHook(
      ({ p }) =>
        useEagerAsync(p === first.promise ? 'first' : 'second', () => p),
      { initialProps: { p: first.promise } },
    );
    rerender({ p: second.promise });
    await act(async () => second.resolve('new'));
    await act(async () => first.resolve('old'));
    expect(result.current).toEqual({ loading: false, value: 'new' });
  });

  it('sends a request once when React throws a first render away', async () => {
    const fn = jest.fn(async () => 'value');
    const translations = deferred<void>();
    let loaded = false;
    translations.promise.then(() => {
      loaded = true;
    });
    const Data = () => <>{useEagerAsync('once', fn).value ?? 'loading'}</>;
    // A sibling that suspends, as a translation loading does: React discards the first render of both.
    const Suspends = () => {
      if (!loaded) throw translations.promise;
      return null;
    };
    render(
      <Suspense fallback="fallback">
        <Data />
        <Suspends />
      </Suspense>,
    );
    expect(screen.getByText('fallback')).toBeInTheDocument();
    await act(async () => translations.resolve());
    expect(await screen.findByText('value')).toBeInTheDocument();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('returns the error of a failed request', async () => {
    const failure = deferred<string>();
    const { result } = renderHook(() =>
      useEagerAsync('failure', () => failure.promise),
    );
    await act(async () => failure.reject(new Error('boom')));
    expect(result.current.loading).toBe(false);
    expect(result.current.error?.message).toBe('boom');
  });
});
