import { InputError } from '@backstage/errors';
import {
  pulumiStackApprovePermission,
  pulumiStackOperatePermission,
} from '@stackyard/plugin-pulumi-common';
import { Router } from 'express';
import { auditedChange } from '../audited';
import { streamRunEvents } from '../runEventStream';
import {
  approvalBodySchema,
  eventsQuerySchema,
  parseInput,
} from '../validation';
import type { RouteContext } from './context';

/** The runs: one run, cancelling it, and its events, as a page or as a stream. */
export function addRunRoutes(router: Router, context: RouteContext): void {
  const { access, runs } = context;

  router.get('/runs/:runId', async (req, res) => {
    const { run } = await access.readableRun(req);
    res.json(run);
  });

  router.post('/runs/:runId/cancel', async (req, res) => {
    const { run, credentials } = await access.readableRun(req);
    const updated = await auditedChange(context, req, {
      eventId: 'run-cancel',
      severityLevel: 'medium',
      meta: { runId: run.id, stackRef: run.stackRef, kind: run.kind },
      credentials,
      permission: pulumiStackOperatePermission,
      resourceRef: run.stackRef,
      work: async () => {
        const cancelled = await runs.requestCancel(run.id);
        context.onRunCancelRequested(run.id);
        return cancelled;
      },
      metaOf: cancelled => (cancelled ? { status: cancelled.status } : {}),
    });
    res.status(202).json(updated);
  });

  router.post('/runs/:runId/approval', async (req, res) => {
    const body = parseInput(approvalBodySchema, req.body, 'body');
    const { run, credentials } = await access.readableRun(req);
    const approved = body.decision === 'approve';
    const decided = await auditedChange(context, req, {
      eventId: 'run-approval',
      severityLevel: 'high',
      meta: {
        runId: run.id,
        stackRef: run.stackRef,
        kind: run.kind,
        decision: body.decision,
        ...(body.comment ? { comment: body.comment } : {}),
      },
      credentials,
      permission: pulumiStackApprovePermission,
      resourceRef: run.stackRef,
      work: () =>
        context.approvals.decide(run, {
          approved,
          by: access.requester(credentials),
          comment: body.comment,
        }),
      metaOf: result => ({ status: result.status }),
    });
    res.json(decided);
  });

  router.get('/runs/:runId/events', async (req, res) => {
    const query = parseInput(eventsQuerySchema, req.query, 'query');
    const { run } = await access.readableRun(req);
    res.json({
      items: await runs.listEvents(run.id, query.after ?? 0, query.limit),
    });
  });

  router.get('/runs/:runId/events/stream', async (req, res) => {
    const query = parseInput(eventsQuerySchema, req.query, 'query');
    const lastEventId = req.header('last-event-id');
    if (lastEventId !== undefined && !/^\d+$/.test(lastEventId)) {
      throw new InputError(
        `Invalid header 'Last-Event-ID': must be a whole number`,
      );
    }
    const { run } = await access.readableRun(req);
    await streamRunEvents({
      runs,
      runId: run.id,
      after: lastEventId !== undefined ? Number(lastEventId) : query.after ?? 0,
      req,
      res,
    });
  });
}
