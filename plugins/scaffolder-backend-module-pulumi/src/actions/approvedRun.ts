import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import { PulumiRun, stringifyStackRef } from '@stackyard/plugin-pulumi-common';
import {
  PulumiApiCaller,
  stackPath,
  StackProtection,
  type OperationRequest,
  type OperationResult,
  type PulumiEngineService,
  type StackRef,
} from '@stackyard/plugin-pulumi-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { engineProgress } from './engineProgress';

/**
 * How `pulumi:up` and `pulumi:destroy` reach approvals: which stacks need one, and the Pulumi backend
 * plugin's API, which holds the approvals.
 *
 * @public
 */
export interface ApprovalGate {
  /** Which stacks are protected: the Pulumi plugin's own rules. */
  protection: StackProtection;
  /** The Pulumi plugin's API, called in the task initiator's name. */
  api: PulumiApiCaller;
  /** How often the task asks whether its plan was decided on. */
  pollIntervalMs: number;
}

/** The input of `pulumi:up` and `pulumi:destroy` that bounds the wait for an approval. */
export const APPROVAL_TIMEOUT_INPUT = {
  approvalTimeoutMinutes: (z: typeof import('zod/v3').z) =>
    z
      .number({
        description:
          'On a protected stack: how long to wait for an approval of the plan before the step fails (60 by default)',
      })
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
};

/** What the task context gives an approved run. */
export type ApprovalContext = Pick<
  ActionContext<JsonObject>,
  'logger' | 'signal' | 'checkpoint' | 'getInitiatorCredentials'
>;

/** One up or destroy of a protected stack, as the action would run it without approval. */
export interface ApprovedOperation {
  engine: PulumiEngineService;
  ref: StackRef;
  request: Omit<OperationRequest, 'plan' | 'backendId' | 'project' | 'stack'>;
  timeoutMinutes?: number;
}

/** The ref of a stack of a self-managed backend, whose organization is always `organization`. */
export function stackRefOf(ref: StackRef): string {
  return stringifyStackRef({ ...ref, organization: 'organization' });
}

/**
 * Runs an up or destroy: the approved way on a protected stack (`gated`), else at once.
 */
export function gatedOperation(
  gate: ApprovalGate,
  ctx: ApprovalContext,
  op: ApprovedOperation & { gated: boolean },
): Promise<OperationResult> {
  return op.gated
    ? approvedOperation(gate, ctx, op)
    : op.engine.runOperation({ ...op.ref, ...op.request });
}

/**
 * Runs an up or destroy of a protected stack the approved way, as the Pulumi backend runs its own: the
 * engine saves the plan here, from the program in the workspace; the plan goes to the Pulumi backend in
 * the initiator's name, where it waits for someone else's approval; then the engine applies exactly the
 * plan the backend holds as approved, and the result is reported back. A recovered task resumes the wait
 * of the run it submitted, by checkpoint, rather than planning again.
 */
export async function approvedOperation(
  gate: ApprovalGate,
  ctx: ApprovalContext,
  op: ApprovedOperation,
): Promise<OperationResult> {
  const credentials = await ctx.getInitiatorCredentials();
  const key = `pulumi:${op.request.kind}:approval:${stackRefOf(op.ref)}`;
  const submitted = await ctx.checkpoint({
    key,
    fn: () => submitPlan(gate, credentials, ctx, op),
  });
  const run = await awaitDecision(gate, credentials, ctx, submitted);
  if (run.status === 'succeeded') {
    ctx.logger.info(`Run ${run.id} applied the approved plan already`);
    return {
      kind: op.request.kind,
      status: 'succeeded',
      changeSummary: run.changeSummary ?? {},
    };
  }
  return applyApproved(gate, credentials, op, run);
}

async function submitPlan(
  gate: ApprovalGate,
  credentials: BackstageCredentials,
  ctx: ApprovalContext,
  op: ApprovedOperation,
): Promise<{ runId: string; waitUntil: string }> {
  let plan = '';
  const planned = await op.engine.runOperation({
    ...op.ref,
    ...op.request,
    // The plan's own progress: the step's steps are those the approved plan applies.
    onEvent: engineProgress(ctx.logger).onEvent,
    plan: { save: saved => void (plan = saved) },
  });
  if (planned.status !== 'succeeded') {
    throw new Error(
      `The preview that plans the ${op.request.kind} failed: ${
        planned.message ?? 'see the log'
      }`,
    );
  }
  const run = await gate.api.call<PulumiRun>(
    credentials,
    'POST',
    `${stackPath({ ...op.ref, backend: op.ref.backendId })}/plans`,
    {
      kind: op.request.kind,
      plan,
      steps: planned.plannedSteps ?? [],
      changeSummary: planned.changeSummary,
    },
  );
  const minutes = op.timeoutMinutes ?? 60;
  ctx.logger.info(
    `${op.ref.project}/${op.ref.stack} is protected: run ${run.id} waits up to ${minutes} minutes for someone else to approve its plan`,
  );
  return {
    runId: run.id,
    waitUntil: new Date(Date.now() + minutes * 60_000).toISOString(),
  };
}

/**
 * Waits until the run's plan is decided on: returns the run once approved (or already applied), and fails
 * when it was rejected, expired or cancelled. At the deadline, or when the task is cancelled, it cancels
 * the run, so that the stack is not held for a plan nobody will apply.
 */
async function awaitDecision(
  gate: ApprovalGate,
  credentials: BackstageCredentials,
  ctx: ApprovalContext,
  submitted: { runId: string; waitUntil: string },
): Promise<PulumiRun> {
  const path = `/runs/${encodeURIComponent(submitted.runId)}`;
  for (;;) {
    const run = await gate.api.call<PulumiRun>(credentials, 'GET', path);
    if (run.status !== 'awaiting_approval') return decided(run);
    if (ctx.signal?.aborted || Date.now() >= Date.parse(submitted.waitUntil)) {
      await gate.api.call(credentials, 'POST', `${path}/cancel`);
      throw new Error(
        ctx.signal?.aborted
          ? `The task was cancelled; run ${run.id} was cancelled with it`
          : `No one approved the plan of run ${run.id} by ${submitted.waitUntil}; the run was cancelled`,
      );
    }
    await sleep(gate.pollIntervalMs, undefined, { signal: ctx.signal }).catch(
      () => undefined,
    );
  }
}

function decided(run: PulumiRun): PulumiRun {
  const approval = run.approval;
  if (run.status === 'running' && approval?.state === 'approved') return run;
  if (run.status === 'succeeded') return run;
  const by = approval?.decidedBy ? ` by ${approval.decidedBy}` : '';
  const comment = approval?.comment ? `: "${approval.comment}"` : '';
  throw new Error(
    `The plan of run ${run.id} was not applied: the run is ${
      run.status
    }${by}${comment}${run.error ? ` (${run.error})` : ''}`,
  );
}

/** Applies the plan the backend holds as approved, and reports the result to the run. */
async function applyApproved(
  gate: ApprovalGate,
  credentials: BackstageCredentials,
  op: ApprovedOperation,
  run: PulumiRun,
): Promise<OperationResult> {
  const path = `/runs/${encodeURIComponent(run.id)}`;
  const { plan } = await gate.api.call<{ plan: string }>(
    credentials,
    'GET',
    `${path}/plan`,
  );
  const result: OperationResult = await op.engine
    .runOperation({ ...op.ref, ...op.request, plan: { apply: plan } })
    .catch(
      (error): OperationResult => ({
        kind: op.request.kind,
        status: 'failed',
        changeSummary: {},
        message: (error as Error).message,
      }),
    );
  await gate.api.call(credentials, 'POST', `${path}/result`, {
    status: result.status === 'succeeded' ? 'succeeded' : 'failed',
    changeSummary: result.changeSummary,
    ...(result.message ? { error: result.message.slice(0, 4000) } : {}),
    ...(result.planRefused ? { planRefused: true } : {}),
  });
  return result;
}
