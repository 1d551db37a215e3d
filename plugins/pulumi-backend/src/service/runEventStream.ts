import {
  FINISHED_RUN_STATUSES,
  PulumiRun,
  PulumiRunStatus,
} from '@stackyard/plugin-pulumi-common';
import { Request, Response } from 'express';
import { RunStore } from '../database/RunStore';

/** Where a stream ends: at the run's end, or where it waits for an approval of its plan. */
const STOPS = new Set<PulumiRunStatus>([
  ...FINISHED_RUN_STATUSES,
  'awaiting_approval',
]);
const POLL_MS = 200;
const KEEPALIVE_MS = 15_000;

/**
 * Streams a run's events as server-sent events, from the database, so that any replica can serve any
 * run: those that this replica writes go out as soon as they are stored, those of others at the next
 * poll. Each event's `id` is its sequence number: a client that reconnects with `Last-Event-ID` gets
 * what it missed. The stream ends after the event that records the run's end, or that it awaits an
 * approval: a client streams again from there once the plan is approved.
 */
export async function streamRunEvents(options: {
  runs: RunStore;
  runId: string;
  after: number;
  req: Request;
  res: Response;
}): Promise<void> {
  const { runs, runId, req, res } = options;
  let after = options.after;
  let closed = false;
  req.on('close', () => {
    closed = true;
  });

  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  // Compression middleware buffers unless told to flush.
  const flush = () => (res as unknown as { flush?: () => void }).flush?.();

  let lastWrite = Date.now();
  let idleSinceEnd = 0;
  while (!closed) {
    const events = await runs.listEvents(runId, after, 500);
    for (const event of events) {
      res.write(
        `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(
          event.payload,
        )}\n\n`,
      );
      after = event.seq;
    }
    if (events.length > 0) {
      flush();
      lastWrite = Date.now();
      const last = events[events.length - 1];
      if (
        last.type === 'status' &&
        STOPS.has((last.payload as PulumiRun).status) &&
        // An approval may have moved the run on since that event was stored.
        STOPS.has((await runs.getRun(runId))?.status ?? 'failed')
      ) {
        break;
      }
      continue;
    }
    // No new events: a run that ended long ago with its final event already sent also ends the stream.
    const run = await runs.getRun(runId);
    if (!run || STOPS.has(run.status)) {
      if (++idleSinceEnd > 5) break;
    }
    if (Date.now() - lastWrite > KEEPALIVE_MS) {
      res.write(': keep-alive\n\n');
      flush();
      lastWrite = Date.now();
    }
    await runs.waitForEvents(runId, POLL_MS);
  }
  if (!closed) {
    res.write('event: end\ndata: {}\n\n');
    flush();
  }
  res.end();
}
