import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  MUTATING_RUN_KINDS,
  PulumiRun,
  PulumiRunEventType,
} from '@stackyard/plugin-pulumi-common';
import type {
  OperationResult,
  PulumiEngineService,
} from '@stackyard/plugin-pulumi-node';
import type { EngineEvent } from '@pulumi/pulumi/automation';
import { randomUUID } from 'node:crypto';
import { RunStore } from '../database/RunStore';
import { StackStore } from '../database/StackStore';
import { StackSync } from '../sync/StackSync';

/**
 * Counts resources the engine has finished with. The total is the stack's resource count, raised when
 * the engine visits more resources than the stack had (an `up` that creates some).
 */
export class ProgressTracker {
  private readonly started = new Set<string>();
  private readonly ended = new Set<string>();
  private finished = false;

  constructor(private readonly known?: number) {}

  get done(): number {
    return this.ended.size;
  }

  get total(): number | undefined {
    if (this.finished) return this.ended.size;
    const seen = Math.max(this.started.size, this.ended.size);
    return this.known === undefined ? undefined : Math.max(this.known, seen);
  }

  /** Returns true when the event moved the counts. */
  observe(event: EngineEvent): boolean {
    const pre = event.resourcePreEvent?.metadata.urn;
    const out = event.resOutputsEvent?.metadata.urn;
    if (pre && !this.started.has(pre)) {
      this.started.add(pre);
      return this.known === undefined || this.started.size > this.known;
    }
    if (out && !this.ended.has(out)) {
      this.ended.add(out);
      return true;
    }
    return false;
  }

  finish() {
    this.finished = true;
  }

  snapshot(): { done: number; total?: number } {
    const total = this.total;
    return total === undefined
      ? { done: this.done }
      : { done: this.done, total };
  }
}

/** Options of {@link RunWorker}. */
export interface RunWorkerOptions {
  runs: RunStore;
  stacks: StackStore;
  engine: PulumiEngineService;
  sync: StackSync;
  logger: LoggerService;
  auditor: AuditorService;
  /** Runs this process executes at once. */
  concurrency: number;
  /** How long a claimed run stays ours without a heartbeat. */
  leaseMs: number;
  /** How often to look for queued runs that another replica created. */
  pollMs: number;
  /** Called after a run ends that this process ran, for what follows it, such as recording drift. */
  afterRun?: (run: PulumiRun, result: OperationResult) => Promise<void>;
}

/**
 * Executes queued runs: claims them from the database with a lease, runs the engine, stores its events
 * and progress, renews the lease while it works, and stops the engine when a cancel is asked for. Several
 * replicas sharing one database split the runs between them; a replica that dies leaves runs whose lease
 * runs out, and the next poll of any replica ends them as failed.
 */
export class RunWorker {
  readonly instanceId = `worker-${randomUUID()}`;
  private readonly active = new Map<string, AbortController>();
  private readonly finished = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  /** A wake that came while a poll was running: the next poll starts as soon as that one ends. */
  private pollAgain = false;
  private stopped = false;

  constructor(private readonly options: RunWorkerOptions) {}

  async start(): Promise<void> {
    await this.reap();
    this.schedule(0);
  }

  /** Stops a run this process is executing, at once rather than at its next heartbeat. */
  cancel(runId: string): void {
    this.active.get(runId)?.abort();
  }

  /** Looks for work now, for runs this replica just queued. */
  wake(): void {
    if (!this.stopped) {
      this.schedule(0);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
    for (const controller of this.active.values()) {
      controller.abort();
    }
    await Promise.allSettled([...this.finished]);
  }

  private schedule(delayMs: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.startPoll(), delayMs);
    this.timer.unref?.();
  }

  /**
   * Polls unless a poll is running already: two polls at once would each see room under the concurrency
   * and claim more runs between them than it allows. A wake during a poll runs the next poll right after.
   */
  private startPoll() {
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = this.poll().finally(() => {
      this.polling = undefined;
      const again = this.pollAgain;
      this.pollAgain = false;
      if (!this.stopped) this.schedule(again ? 0 : this.options.pollMs);
    });
  }

  private async reap() {
    const { failed, requeued } = await this.options.runs.reapExpiredRuns(
      'The backend process that ran it stopped before the run ended (its lease expired)',
    );
    for (const run of failed) {
      this.options.logger.warn(
        `Run ${run.id} (${run.kind} of ${run.stackRef}) was left running by a stopped process; ended it as failed`,
      );
    }
    for (const run of requeued) {
      this.options.logger.info(
        `Run ${run.id} (${run.kind} of ${run.stackRef}) was left running by a stopped process; queued it again`,
      );
    }
  }

  private async poll(): Promise<void> {
    try {
      await this.reap();
      while (!this.stopped && this.active.size < this.options.concurrency) {
        const run = await this.options.runs.claimNextRun(
          this.instanceId,
          this.options.leaseMs,
        );
        if (!run) break;
        // A run that ends makes room: the next queued run starts now, not at the next poll.
        const done = this.execute(run).finally(() => {
          this.finished.delete(done);
          this.wake();
        });
        this.finished.add(done);
      }
    } catch (error) {
      this.options.logger.warn(
        `Could not look for queued runs: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }

  private async execute(run: PulumiRun): Promise<void> {
    const { runs, stacks, engine, logger, auditor, sync } = this.options;
    const controller = new AbortController();
    this.active.set(run.id, controller);
    const audit = await auditor.createEvent({
      eventId: 'run-execute',
      severityLevel: MUTATING_RUN_KINDS.includes(run.kind) ? 'medium' : 'low',
      meta: { runId: run.id, stackRef: run.stackRef, kind: run.kind },
    });
    const heartbeat = setInterval(() => {
      runs
        .renewLease(run.id, this.instanceId, this.options.leaseMs)
        .then(({ owned, cancelRequested }) => {
          if (!owned || cancelRequested) controller.abort();
        })
        .catch(error =>
          logger.warn(`Could not renew the lease of run ${run.id}: ${error}`),
        );
      // The heartbeat also carries cancels asked for on other replicas, so it beats at least every poll.
    }, Math.max(100, Math.min(this.options.pollMs, Math.floor(this.options.leaseMs / 3))));
    heartbeat.unref?.();

    const progress = new ProgressTracker(
      (
        await stacks.getStack(run.backendId, run.project, run.stack)
      )?.resourceCount,
    );
    const pending: Array<{ type: PulumiRunEventType; payload: unknown }> = [];
    let flushing = Promise.resolve();
    const flush = () => {
      const batch = pending.splice(0);
      if (batch.length === 0) return flushing;
      const { done, total } = progress;
      flushing = flushing
        .then(() => runs.appendEvents(run.id, batch))
        .then(() => runs.setProgress(run.id, done, total))
        .catch(error =>
          logger.warn(`Could not store events of run ${run.id}: ${error}`),
        );
      return flushing;
    };
    const flusher = setInterval(flush, 250);
    flusher.unref?.();

    let result: OperationResult;
    try {
      result = await engine.runOperation({
        backendId: run.backendId,
        project: run.project,
        stack: run.stack,
        kind: run.kind,
        targets: run.targets,
        signal: controller.signal,
        onEvent: (event: EngineEvent) => {
          pending.push({ type: 'engine', payload: event });
          if (progress.observe(event)) {
            pending.push({ type: 'progress', payload: progress.snapshot() });
          }
        },
      });
    } catch (error) {
      result = {
        kind: run.kind,
        status: controller.signal.aborted ? 'cancelled' : 'failed',
        changeSummary: {},
        message: error instanceof Error ? error.message : String(error),
      };
    } finally {
      clearInterval(heartbeat);
      clearInterval(flusher);
    }
    progress.finish();
    pending.push({ type: 'progress', payload: progress.snapshot() });
    await flush();

    const finished = await runs.finishRun(run.id, {
      owner: this.instanceId,
      status: result.status,
      changeSummary: result.changeSummary,
      error:
        result.status === 'cancelled'
          ? result.message ?? 'Cancelled'
          : result.message,
    });
    this.active.delete(run.id);
    if (result.status === 'failed') {
      await audit.fail({
        error: new Error(result.message ?? 'The run failed'),
        meta: { status: result.status },
      });
    } else {
      await audit.success({ meta: { status: result.status } });
    }
    logger.info(
      `Run ${run.id} (${run.kind} of ${run.stackRef}) ended ${
        finished?.status ?? result.status
      }`,
    );

    if (!finished || finished.status !== result.status) {
      // The lease was lost and the run is another process's now (or was ended by it): leave it be.
      return;
    }
    try {
      await this.options.afterRun?.(finished, result);
      if (MUTATING_RUN_KINDS.includes(run.kind)) {
        await sync.syncBackend(run.backendId);
      }
    } catch (error) {
      logger.warn(
        `Could not refresh ${run.stackRef} after run ${run.id}: ${error}`,
      );
    }
  }
}
