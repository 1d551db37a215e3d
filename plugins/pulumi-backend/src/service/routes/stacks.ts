import {
  PulumiStackDetail,
  pulumiStackDestroyPermission,
  pulumiStackOperatePermission,
} from '@stackyard/plugin-pulumi-common';
import { Router } from 'express';
import { auditedChange } from '../audited';
import {
  createRunBodySchema,
  listRunsQuerySchema,
  listStacksQuerySchema,
  pageQuerySchema,
  parseInput,
} from '../validation';
import type { RouteContext } from './context';

/** The stacks: the list, one stack with its outputs, resources, history and runs, and new runs. */
export function addStackRoutes(router: Router, context: RouteContext): void {
  const { access, stacks, runs } = context;

  router.get('/stacks', async (req, res) => {
    const query = parseInput(listStacksQuerySchema, req.query, 'query');
    access.knownBackend(query.backend, "query field 'backend'");
    const readable = await access.readableStacksFilter(req);
    if (!readable) {
      res.json({ items: [] });
      return;
    }
    const page = await stacks.listStacks(
      {
        ...readable,
        backendId: query.backend,
        project: query.project,
        entityRef: query.entityRef,
        driftStatus: query.drift as PulumiStackDetail['driftStatus'],
        text: query.q,
        owner: query.owner,
      },
      {
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
        order: query.order,
      },
    );
    res.json(page);
  });

  router.get('/stacks/:backend/:project/:stack', async (req, res) => {
    const { stack } = await access.readableStack(req);
    res.json(stack);
  });

  router.get('/stacks/:backend/:project/:stack/outputs', async (req, res) => {
    const { stack } = await access.readableStack(req);
    res.json({ outputs: stack.outputs });
  });

  router.get('/stacks/:backend/:project/:stack/resources', async (req, res) => {
    const query = parseInput(pageQuerySchema, req.query, 'query');
    const { stackRef } = await access.readableStackRef(req);
    res.json(await stacks.listResources(stackRef, query));
  });

  router.get('/stacks/:backend/:project/:stack/history', async (req, res) => {
    const { stackRef } = await access.readableStackRef(req);
    res.json({ items: await stacks.listUpdates(stackRef) });
  });

  router.get('/stacks/:backend/:project/:stack/runs', async (req, res) => {
    const query = parseInput(listRunsQuerySchema, req.query, 'query');
    const { stackRef } = await access.readableStackRef(req);
    res.json({ items: await runs.listRuns(stackRef, query.limit) });
  });

  router.post('/stacks/:backend/:project/:stack/runs', async (req, res) => {
    const body = parseInput(createRunBodySchema, req.body ?? {}, 'body');
    const { stack, credentials } = await access.readableStack(req);
    const run = await auditedChange(context, req, {
      eventId: 'run-create',
      severityLevel: body.kind === 'destroy' ? 'high' : 'medium',
      meta: { stackRef: stack.ref, kind: body.kind, targets: body.targets },
      credentials,
      // A destroy is an operation that a policy may allow on fewer stacks.
      permission:
        body.kind === 'destroy'
          ? [pulumiStackOperatePermission, pulumiStackDestroyPermission]
          : pulumiStackOperatePermission,
      resourceRef: stack.ref,
      work: () =>
        context.queue.enqueue(
          stack.ref,
          body.kind,
          access.requester(credentials),
          { targets: body.targets },
        ),
      metaOf: queued => ({ runId: queued.id }),
    });
    res.status(201).json(run);
  });
}
