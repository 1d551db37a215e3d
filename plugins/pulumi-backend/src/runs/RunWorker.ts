import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  MUTATING_RUN_KINDS,
  PulumiRun,
  PulumiRunEventType,
} from '@stackyard/plugin-pulumi-common';
import type {
  OperationPlan,
  OperationResult,
  PulumiEngineService,
} from '@stackyard/plugin-pulumi-node';
import type { EngineEvent } from '@pulumi/pulumi/automation';
import { ProgressTracker } from './ProgressTracker';
import { randomUUID } from 'node:crypto';
import { RunStore } from '../database/RunStore';
import { StackStore } from '../database/StackStore';
import { StackSync } from '../sync/StackSync';

const DAY_MS = 24 * 60 * 60 * 1000;

type PlanMode = 'save' | 'apply' | undefined;

/** What a run does with a plan: save one (a protected stack's run before its approval), apply one, or neither. */
function planOf(run: PulumiRun): PlanMode {
  switch (run.approval?.state) {
    case 'planning':
      return 'save';
    case 'approved':
      return 'apply';
    default:
      return undefined;
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
  /** How long a saved plan waits for its approval; a day by default. */
  approvalExpiresAfterMs?: number;
  /** Called after a run's plan was saved and awaits an approval, to tell the approvers. */
  onAwaitingApproval?: (run: PulumiRun) => Promise<void>;
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
    const { runs, logger, auditor } = this.options;
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
    const plan = planOf(run);
    const saved: { plan?: string } = {};
    let result: OperationResult;
    try {
      result = await this.operate(run, controller.signal, plan, saved);
    } finally {
      clearInterval(heartbeat);
      this.active.delete(run.id);
    }
    if (result.status === 'failed') {
      await audit.fail({
        error: new Error(result.message ?? 'The run failed'),
        meta: { status: result.status },
      });
    } else {
      await audit.success({ meta: { status: result.status } });
    }
    if (plan === 'save' && result.status === 'succeeded') {
      await this.awaitApproval(run, result, saved.plan ?? '');
    } else {
      await this.finish(run, result);
    }
  }

  /** Runs the engine, storing its events and progress as they come; an engine that throws is a failure. */
  private async operate(
    run: PulumiRun,
    signal: AbortSignal,
    plan: PlanMode,
    saved: { plan?: string },
  ): Promise<OperationResult> {
    const { runs, stacks, engine, logger } = this.options;
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
        ...(await this.planRequest(run, plan, saved)),
        signal,
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
        status: signal.aborted ? 'cancelled' : 'failed',
        changeSummary: {},
        message: error instanceof Error ? error.message : String(error),
      };
    } finally {
      clearInterval(flusher);
    }
    progress.finish();
    pending.push({ type: 'progress', payload: progress.snapshot() });
    await flush();
    return result;
  }

  /** The plan a run of a protected stack is bound to: one to save, or the approved one to apply. */
  private async planRequest(
    run: PulumiRun,
    mode: PlanMode,
    saved: { plan?: string },
  ): Promise<{ plan?: OperationPlan }> {
    if (mode === 'save') {
      return {
        plan: {
          save: plan => {
            saved.plan = plan;
          },
        },
      };
    }
    if (mode !== 'apply') return {};
    const approved = await this.options.runs.getApprovedPlan(run.id);
    if (approved === undefined) {
      throw new Error(`The approved plan of run ${run.id} is missing`);
    }
    return { plan: { apply: approved } };
  }

  /** Parks a run whose plan was saved until an approver decides, and tells who may. */
  private async awaitApproval(
    run: PulumiRun,
    result: OperationResult,
    plan: string,
  ) {
    const { runs, logger } = this.options;
    const parked = await runs.awaitApproval(run.id, {
      owner: this.instanceId,
      plan,
      steps: result.plannedSteps ?? [],
      changeSummary: result.changeSummary,
      expiresAt: new Date(
        Date.now() + (this.options.approvalExpiresAfterMs ?? DAY_MS),
      ),
    });
    if (!parked) return;
    logger.info(
      `Run ${run.id} (${run.kind} of ${run.stackRef}) awaits the approval of its plan`,
    );
    try {
      await this.options.onAwaitingApproval?.(parked);
    } catch (error) {
      logger.warn(`Could not announce the plan of run ${run.id}: ${error}`);
    }
  }

  /** Ends a run with its result, then does what follows it, unless its lease went to another process. */
  private async finish(run: PulumiRun, result: OperationResult) {
    const { runs, logger, sync } = this.options;
    const finished = await runs.finishRun(run.id, {
      owner: this.instanceId,
      status: result.status,
      changeSummary: result.changeSummary,
      error:
        result.status === 'cancelled'
          ? result.message ?? 'Cancelled'
          : result.message,
      ...(result.planRefused ? { planRefused: true } : {}),
    });
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
