import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  parseStackRef,
  PulumiPlannedStep,
  pulumiStackDestroyPermission,
  pulumiStackOperatePermission,
} from '@stackyard/plugin-pulumi-common';
import { Request, Router } from 'express';
import { z } from 'zod';
import { auditedChange } from '../audited';
import { parseInput } from '../validation';
import type { RouteContext } from './context';

/**
 * The largest plan a plugin may submit: a plan holds every planned resource's inputs and outputs. The
 * router parses this route's body with it, before the smaller limit of every other route.
 */
export const PLAN_BODY_LIMIT = '8mb';

const changeSummary = z.record(z.string(), z.number().int().min(0));

const submitPlanBodySchema = z
  .object({
    kind: z.enum(['up', 'destroy'], { message: "must be 'up' or 'destroy'" }),
    plan: z.string().min(1, 'must be the plan the engine saved'),
    steps: z
      .array(
        z.object({
          urn: z.string(),
          type: z.string(),
          name: z.string(),
          operation: z.string(),
          restoresDrift: z.boolean().optional(),
          properties: z.array(
            z.object({
              path: z.string(),
              before: z.unknown().optional(),
              after: z.unknown().optional(),
            }),
          ),
        }),
      )
      .max(100_000),
    changeSummary,
  })
  .strict();

const runResultBodySchema = z
  .object({
    status: z.enum(['succeeded', 'failed'], {
      message: "must be 'succeeded' or 'failed'",
    }),
    changeSummary: changeSummary.optional(),
    error: z.string().max(4000, 'must be at most 4000 characters').optional(),
    planRefused: z.boolean().optional(),
  })
  .strict();

/**
 * Runs whose plan another backend plugin saves and applies itself, acting for a user: a scaffolder task's
 * `pulumi:up` or `pulumi:destroy` of a protected stack, whose program is in the task's workspace and not
 * here. The plugin submits the plan, which waits for an approval as any other; once approved, it applies
 * it and reports the result. Only a plugin acting for a user may do either, and only for its own runs.
 */
export function addExternalRunRoutes(
  router: Router,
  context: RouteContext,
): void {
  const { access } = context;

  router.post('/stacks/:backend/:project/:stack/plans', async (req, res) => {
    const body = parseInput(submitPlanBodySchema, req.body ?? {}, 'body');
    const credentials = await access.credentials(req);
    const appliedBy = applyingPlugin(credentials);
    const { stackRef } = await knownStack(req, context);
    const { backendId, project, stack } = parseStackRef(stackRef);
    const run = await auditedChange(context, req, {
      eventId: 'run-create',
      severityLevel: body.kind === 'destroy' ? 'high' : 'medium',
      meta: { stackRef, kind: body.kind, appliedBy },
      credentials,
      permission:
        body.kind === 'destroy'
          ? [pulumiStackOperatePermission, pulumiStackDestroyPermission]
          : pulumiStackOperatePermission,
      resourceRef: stackRef,
      work: () =>
        context.approvals.submit(
          {
            stackRef,
            backendId,
            project,
            stack,
            kind: body.kind,
            requestedBy: access.requester(credentials),
          },
          { ...body, steps: body.steps.map(plannedStep), appliedBy },
        ),
      metaOf: submitted => ({ runId: submitted.id }),
    });
    res.status(201).json(run);
  });

  router.get('/runs/:runId/plan', async (req, res) => {
    const { run } = await appliedRun(req, context);
    const plan = await context.runs.getApprovedPlan(run.id);
    if (!plan) {
      throw new ConflictError(
        `Run ${run.id} has no approved plan: its approval is ${
          run.approval?.state ?? 'missing'
        }`,
      );
    }
    res.json({ plan });
  });

  router.post('/runs/:runId/result', async (req, res) => {
    const body = parseInput(runResultBodySchema, req.body ?? {}, 'body');
    const { run, credentials, appliedBy } = await appliedRun(req, context);
    const ended = await auditedChange(context, req, {
      eventId: 'run-result',
      severityLevel: 'medium',
      meta: { runId: run.id, stackRef: run.stackRef, status: body.status },
      credentials,
      permission: pulumiStackOperatePermission,
      resourceRef: run.stackRef,
      work: () => context.approvals.report(run, appliedBy, body),
      metaOf: result => ({ status: result.status }),
    });
    res.json(ended);
  });
}

/**
 * The run of the request's path, when the caller is the plugin that applies its plan, acting for the
 * run's requester: nobody else may read its plan or report its result.
 */
async function appliedRun(req: Request, context: RouteContext) {
  const { run, credentials } = await context.access.readableRun(req);
  const appliedBy = applyingPlugin(credentials);
  if (
    run.approval?.appliedBy !== appliedBy ||
    run.requestedBy !== context.access.requester(credentials)
  ) {
    throw new NotAllowedError(
      `Run ${run.id} is not a run that ${appliedBy} applies for you: only the plugin that submitted its plan, acting for its requester, reads its plan and reports its result`,
    );
  }
  return { run, credentials, appliedBy };
}

/** A planned step as the API takes it; a property that a step creates or deletes has no before or after. */
function plannedStep(
  step: z.infer<typeof submitPlanBodySchema>['steps'][number],
): PulumiPlannedStep {
  return {
    ...step,
    properties: step.properties.map(p => ({
      path: p.path,
      before: p.before,
      after: p.after,
    })),
  };
}

/** The plugin that acts for a user with these credentials, which then applies the plan itself. */
function applyingPlugin(credentials: BackstageCredentials): string {
  const { principal } = credentials as BackstageCredentials<{
    type: string;
    actor?: { subject: string };
  }>;
  const subject = principal.type === 'user' ? principal.actor?.subject : '';
  if (!subject?.startsWith('plugin:')) {
    throw new NotAllowedError(
      'Only a backend plugin acting for a user, such as the scaffolder, may submit a plan that it applies itself, or report its result',
    );
  }
  return subject.slice('plugin:'.length);
}

/**
 * The stack of the request's path, which the caller may read. A stack that a scaffolder task created a
 * moment ago may not be cached yet; its backend is read once more before it is called missing.
 */
async function knownStack(
  req: Request,
  context: RouteContext,
): Promise<{ stackRef: string }> {
  try {
    return await context.access.readableStackRef(req);
  } catch (error) {
    if (!(error instanceof NotFoundError) || !context.syncBackend) throw error;
    await context.syncBackend(req.params.backend);
    return context.access.readableStackRef(req);
  }
}
