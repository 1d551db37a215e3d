import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { PulumiRun } from '@stackyard/plugin-pulumi-common';
import type {
  NewRun,
  RunOutcome,
  RunStore,
  SubmittedPlan,
} from '../database/RunStore';
import {
  notifyEntities,
  PulumiNotification,
  stackLink,
} from '../util/notifyEntities';

/** What {@link ApprovalService} needs. */
export interface ApprovalServiceOptions {
  runs: RunStore;
  logger: LoggerService;
  auditor: AuditorService;
  notifications?: NotificationService;
  /** The owners of a stack, who may approve its plans under the demo policy and hear of them. */
  ownersOf: (stackRef: string) => Promise<string[]>;
  /** Called after a plan is approved, so that this replica applies it at once. */
  onApproved: () => void;
  /**
   * How long a plan waits for a decision; and how long a plugin that applies an approved plan itself has,
   * after the approval, to report the result.
   */
  expiresAfterMs: number;
  /** The time; a test's clock in tests. */
  now?: () => Date;
}

/** An approver's decision, as the API takes it. */
export interface Decision {
  approved: boolean;
  /** The approver's entity ref. */
  by: string;
  comment?: string;
}

/**
 * Decides on the plans of protected stacks' runs and expires those left waiting; tells the requester of
 * every decision and expiry, and the stack's owners of every plan that waits. The caller's permission is
 * the API's to check; what holds whatever the policy says is checked here: nobody decides on their own run.
 */
export class ApprovalService {
  constructor(private readonly options: ApprovalServiceOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private later(from: Date): Date {
    return new Date(from.getTime() + this.options.expiresAfterMs);
  }

  async decide(run: PulumiRun, decision: Decision): Promise<PulumiRun> {
    if (decision.by === run.requestedBy) {
      throw new NotAllowedError(
        `${decision.by} asked for run ${run.id}, and so cannot approve or reject its plan: another approver must`,
      );
    }
    const at = this.now();
    const decided = await this.options.runs.decideApproval(run.id, {
      approved: decision.approved,
      decidedBy: decision.by,
      comment: decision.comment,
      at,
      applyBy: this.later(at),
    });
    if (!decided) throw await this.whyUndecided(run.id);
    if (decision.approved) this.options.onApproved();
    await this.notify(decided.requestedBy, decided, {
      title: `${decision.approved ? 'Approved' : 'Rejected'}: the ${
        decided.kind
      } of ${stackName(decided)}`,
      description: `${decision.by} ${
        decision.approved ? 'approved' : 'rejected'
      } the plan of your ${decided.kind}${
        decision.comment ? `: "${decision.comment}"` : '.'
      }`,
      severity: decision.approved ? 'normal' : 'high',
    });
    return decided;
  }

  /**
   * Stores a run whose plan another plugin saved and will apply, such as a scaffolder task's, as waiting
   * for an approval, and tells the stack's owners.
   */
  async submit(
    run: NewRun,
    plan: Omit<SubmittedPlan, 'expiresAt'>,
  ): Promise<PulumiRun> {
    const submitted = await this.options.runs.submitPlan(run, {
      ...plan,
      expiresAt: this.later(this.now()),
    });
    await this.announce(submitted);
    return submitted;
  }

  /** Ends a run whose approved plan another plugin applied, with the result that plugin reports. */
  async report(
    run: PulumiRun,
    appliedBy: string,
    outcome: Omit<RunOutcome, 'owner'>,
  ): Promise<PulumiRun> {
    const ended = await this.options.runs.reportResult(
      run.id,
      appliedBy,
      outcome,
    );
    if (!ended) {
      throw new ConflictError(
        `Run ${run.id} is ${run.status}: only a run whose approved plan ${appliedBy} applies can take its result`,
      );
    }
    return ended;
  }

  /** Ends the runs whose plan expired, each recorded by the auditor, and tells their requesters. */
  async expire(): Promise<PulumiRun[]> {
    const expired = await this.options.runs.expireApprovals(this.now());
    for (const run of expired) {
      const audit = await this.options.auditor.createEvent({
        eventId: 'run-approval-expire',
        severityLevel: 'low',
        meta: { runId: run.id, stackRef: run.stackRef, kind: run.kind },
      });
      await audit.success();
      this.options.logger.info(
        `The plan of run ${run.id} (${run.kind} of ${run.stackRef}) expired`,
      );
      await this.notify(run.requestedBy, run, {
        title: `Expired: the ${run.kind} of ${stackName(run)}`,
        description: `No one approved the plan of your ${run.kind} in time; preview again for a new plan.`,
        severity: 'normal',
      });
    }
    return expired;
  }

  /** Tells the stack's owners, the requester aside, that a plan waits for their decision. */
  async announce(run: PulumiRun): Promise<void> {
    const owners = (await this.options.ownersOf(run.stackRef)).filter(
      owner => owner !== run.requestedBy,
    );
    if (owners.length === 0) {
      this.options.logger.info(
        `The plan of run ${run.id} awaits approval; ${run.stackRef} has no owner to tell`,
      );
      return;
    }
    await this.notify(owners, run, {
      title: `Approval wanted: the ${run.kind} of ${stackName(run)}`,
      description: `${
        run.requestedBy
      } asks to apply a plan that changes ${describe(
        run.approval?.changeSummary,
      )}. It expires at ${run.approval?.expiresAt}.`,
      severity: 'high',
    });
  }

  private async whyUndecided(runId: string): Promise<Error> {
    const run = await this.options.runs.getRun(runId);
    if (
      run?.status === 'awaiting_approval' &&
      run.approval?.state === 'pending'
    ) {
      return new ConflictError(
        `The plan of run ${runId} expired at ${run.approval.expiresAt}; preview again for a new plan`,
      );
    }
    return new ConflictError(
      `Run ${runId} is ${
        run?.status ?? 'gone'
      }: only a run awaiting approval can be approved or rejected`,
    );
  }

  private async notify(
    recipients: string | string[],
    run: PulumiRun,
    payload: Pick<PulumiNotification, 'title' | 'description' | 'severity'>,
  ): Promise<void> {
    await notifyEntities(
      this.options.notifications,
      this.options.logger,
      [recipients].flat(),
      {
        ...payload,
        link: stackLink(run, 'runs'),
        topic: `pulumi-approval:${run.id}`,
      },
    );
  }
}

function stackName(run: PulumiRun): string {
  return `${run.project}/${run.stack}`;
}

function describe(summary: Record<string, number> = {}): string {
  const parts = Object.entries(summary)
    .filter(([op, n]) => op !== 'same' && n > 0)
    .map(([op, n]) => `${n} to ${op}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}
