import {
  AuditorService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { PulumiHealth } from '@stackyard/plugin-pulumi-common';
import type { PulumiEngineService } from '@stackyard/plugin-pulumi-node';
import { ApprovalConfig } from '../approvals/approvalConfig';
import { ApprovalService } from '../approvals/ApprovalService';
import { StackProtection } from '@stackyard/plugin-pulumi-node';
import type { PulumiStores } from '../database/createStores';
import { DriftConfig } from '../drift/driftConfig';
import { DriftNotifier } from '../drift/DriftNotifier';
import { DriftScheduler } from '../drift/DriftScheduler';
import { DriftService } from '../drift/DriftService';
import { StackSync } from '../sync/StackSync';
import { RunQueue } from './RunQueue';
import { RunWorker } from './RunWorker';
import os from 'node:os';

/** How this replica runs runs: `pulumi.runs` in app config. */
export interface RunSettings {
  /** Runs this replica executes at once. */
  concurrency: number;
  /** How long a claimed run stays ours without a heartbeat. */
  leaseMs: number;
  /** How often to look for queued runs that another replica created. */
  pollMs: number;
}

/**
 * Reads `pulumi.runs`: by default as many runs at once as the machine has cores (an engine run is busy
 * on about one), 30-second leases, a poll every 2 seconds.
 */
export function readRunSettings(config: RootConfigService): RunSettings {
  return {
    concurrency:
      config.getOptionalNumber('pulumi.runs.concurrency') ??
      os.availableParallelism(),
    leaseMs:
      (config.getOptionalNumber('pulumi.runs.leaseSeconds') ?? 30) * 1000,
    pollMs: (config.getOptionalNumber('pulumi.runs.pollSeconds') ?? 2) * 1000,
  };
}

/** What {@link RunPipeline} needs. */
export interface RunPipelineOptions {
  stores: PulumiStores;
  /** Whether the engine is there; runs are refused while it is not. */
  health: () => PulumiHealth;
  logger: LoggerService;
  auditor: AuditorService;
  notifications?: NotificationService;
  drift: DriftConfig;
  settings: RunSettings;
  approvals: ApprovalConfig;
}

/**
 * Runs from queue to follow-up, wired the one way the plugin and the benchmarks share: the queue; the
 * drift service that records what checks find, tells owners and re-checks after a remediation; and, once
 * an engine is there, the worker that executes runs (followed by the drift service) and the drift
 * scheduler.
 */
export class RunPipeline {
  readonly queue: RunQueue;
  readonly driftService: DriftService;
  /** Decisions on the plans of protected stacks, and their expiry. */
  readonly approvals: ApprovalService;
  /** Which stacks are protected. */
  readonly protection: StackProtection;
  private engine?: PulumiEngineService;
  private worker?: RunWorker;
  private scheduler?: DriftScheduler;

  constructor(private readonly options: RunPipelineOptions) {
    const { stores, logger } = options;
    const ownersOf = async (ref: string) =>
      (await stores.stacks.getPermissionResources([ref]))[0]?.ownerRefs ?? [];
    this.protection = new StackProtection({
      protectedStacks: options.approvals.protectedStacks,
      engine: () => this.engine,
    });
    this.queue = new RunQueue({
      runs: stores.runs,
      health: options.health,
      onRunQueued: () => this.wake(),
      protection: this.protection,
    });
    this.approvals = new ApprovalService({
      runs: stores.runs,
      logger,
      auditor: options.auditor,
      notifications: options.notifications,
      ownersOf,
      onApproved: () => this.wake(),
      expiresAfterMs: options.approvals.expiresAfterMs,
    });
    this.driftService = new DriftService({
      drift: stores.drift,
      queue: this.queue,
      logger,
      configRules: options.drift.ignore,
      notifier: new DriftNotifier({
        notifications: options.notifications,
        logger,
        ownersOf,
      }),
    });
  }

  /** Gives the pipeline its engine: runs are executed from `start` on. */
  useEngine(engine: PulumiEngineService, sync: StackSync): void {
    const { stores, logger, settings, drift } = this.options;
    this.engine = engine;
    this.worker = new RunWorker({
      runs: stores.runs,
      stacks: stores.stacks,
      engine,
      sync,
      logger,
      auditor: this.options.auditor,
      ...settings,
      afterRun: (run, result) => this.driftService.afterRun(run, result),
      approvalExpiresAfterMs: this.options.approvals.expiresAfterMs,
      onAwaitingApproval: run => this.approvals.announce(run),
    });
    if (drift.enabled) {
      this.scheduler = new DriftScheduler({
        stacks: stores.stacks,
        runs: stores.runs,
        queue: this.queue,
        logger,
        periodMs: drift.intervalMs,
        pollMs: drift.pollMs,
      });
    }
  }

  async start(): Promise<void> {
    await this.worker?.start();
    this.scheduler?.start();
  }

  async stop(): Promise<void> {
    await this.scheduler?.stop();
    await this.worker?.stop();
  }

  /** Starts a queued run on this replica without waiting for the next poll. */
  wake(): void {
    this.worker?.wake();
  }

  /** Stops a run at once if this replica runs it. */
  cancel(runId: string): void {
    this.worker?.cancel(runId);
  }
}
