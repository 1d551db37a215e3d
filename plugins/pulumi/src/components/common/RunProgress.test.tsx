import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, waitFor } from '@testing-library/react';
import type {
  PulumiRun,
  PulumiRunEvent,
} from '@stackyard/plugin-pulumi-common';
import { makeRun } from '../../__testUtils__/fixtures';
import { PulumiApi, pulumiApiRef } from '../../api';
import { eventLine, RunProgress } from './RunProgress';

const event = (
  seq: number,
  type: PulumiRunEvent['type'],
  payload: unknown,
): PulumiRunEvent => ({
  seq,
  type,
  payload,
  createdAt: '2026-01-01T00:00:00.000Z',
});

/** A promise and the function that resolves it, to hold a stream open until the test lets it go. */
function gate() {
  let open: () => void = () => {};
  const promise = new Promise<void>(resolve => {
    open = resolve;
  });
  return { promise, open };
}

const render = (api: Partial<PulumiApi>, onFinished: jest.Mock) =>
  renderInTestApp(
    <TestApiProvider apis={[[pulumiApiRef, api]]}>
      <RunProgress runId="run-1" onFinished={onFinished} />
    </TestApiProvider>,
  );

describe('RunProgress', () => {
  it('shows the progress events and calls onFinished once with the final run', async () => {
    const running = makeRun({ status: 'running', progress: { done: 0 } });
    const final = makeRun({
      status: 'succeeded',
      progress: { done: 5, total: 5 },
      finishedAt: '2026-01-01T00:01:00.000Z',
    });
    const held = gate();
    const api = {
      getRun: jest.fn(async () => running),
      streamRunEvents: jest.fn(
        async (
          _runId: string,
          options: { onEvent(e: PulumiRunEvent): void },
        ) => {
          options.onEvent(event(1, 'progress', { done: 2, total: 5 }));
          await held.promise;
          options.onEvent(event(2, 'progress', { done: 5, total: 5 }));
          options.onEvent(event(3, 'status', final));
          // A repeated final status must not finish the run twice.
          options.onEvent(event(4, 'status', final));
        },
      ),
    };
    const onFinished = jest.fn();
    await render(api, onFinished);

    expect(await screen.findByText('2 of 5 resources')).toBeInTheDocument();
    expect(screen.getByText('up: running')).toBeInTheDocument();
    expect(onFinished).not.toHaveBeenCalled();
    expect(api.streamRunEvents).toHaveBeenCalledWith(
      'run-1',
      expect.objectContaining({ after: 0 }),
    );

    await act(async () => held.open());

    await waitFor(() => expect(onFinished).toHaveBeenCalledTimes(1));
    expect(onFinished).toHaveBeenCalledWith(final);
    expect(screen.getByText('5 of 5 resources')).toBeInTheDocument();
    expect(screen.getByText('up: succeeded')).toBeInTheDocument();
    // The stream delivered the end, so the run is not read again.
    expect(api.getRun).toHaveBeenCalledTimes(1);
  });

  it('reads the final run when the stream ends without its status', async () => {
    const final = makeRun({ status: 'failed', error: 'boom' });
    const api = {
      getRun: jest
        .fn<Promise<PulumiRun>, [string]>()
        .mockResolvedValueOnce(makeRun({ status: 'running' }))
        .mockResolvedValueOnce(final),
      streamRunEvents: jest.fn(async () => {}),
    };
    const onFinished = jest.fn();
    await render(api, onFinished);
    await waitFor(() => expect(onFinished).toHaveBeenCalledTimes(1));
    expect(onFinished).toHaveBeenCalledWith(final);
    expect(api.getRun).toHaveBeenCalledTimes(2);
  });

  it('shows a failure to read the run as an error panel', async () => {
    const api = {
      getRun: jest.fn(async () => {
        throw new Error('no such run');
      }),
      streamRunEvents: jest.fn(async () => {}),
    };
    const onFinished = jest.fn();
    await render(api, onFinished);
    expect(await screen.findByText('Error: no such run')).toBeInTheDocument();
    expect(onFinished).not.toHaveBeenCalled();
  });
});

describe('eventLine', () => {
  it('turns engine events into log lines', () => {
    expect(
      eventLine(
        event(1, 'engine', {
          resourcePreEvent: {
            metadata: {
              op: 'update',
              type: 'aws:s3/bucket:Bucket',
              urn: 'urn:pulumi:prod::website::aws:s3/bucket:Bucket::site',
            },
          },
        }),
      ),
    ).toBe('update aws:s3/bucket:Bucket site');
    expect(
      eventLine(
        event(2, 'engine', {
          diagnosticEvent: { severity: 'error', message: ' failed \n' },
        }),
      ),
    ).toBe('error: failed');
    expect(
      eventLine(
        event(3, 'engine', {
          summaryEvent: {
            resourceChanges: { update: 1, same: 3 },
            durationSeconds: 4,
          },
        }),
      ),
    ).toBe('summary: 1 update, 3 same in 4 s');
    expect(
      eventLine(event(4, 'status', makeRun({ status: 'failed', error: 'x' }))),
    ).toBe('— up failed: x');
  });

  it('leaves out events that say nothing to a reader', () => {
    expect(
      eventLine(
        event(1, 'engine', {
          resourcePreEvent: { metadata: { op: 'same', urn: 'u', type: 't' } },
        }),
      ),
    ).toBeUndefined();
    expect(eventLine(event(2, 'progress', { done: 1 }))).toBeUndefined();
  });
});
