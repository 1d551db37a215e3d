import { InputError, NotFoundError } from '@backstage/errors';
import {
  pulumiDriftIgnorePermission,
  PulumiDriftedStack,
  pulumiDriftRemediatePermission,
  PulumiPage,
  pulumiStackOperatePermission,
} from '@stackyard/plugin-pulumi-common';
import { Request, Response, Router } from 'express';
import { auditedChange } from '../audited';
import {
  driftCheckBodySchema,
  driftChecksQuerySchema,
  driftStacksQuerySchema,
  driftSummaryQuerySchema,
  ignoreRuleBodySchema,
  parseInput,
  remediateBodySchema,
  ruleIdPathSchema,
} from '../validation';
import type { RouteContext } from './context';

/** A manual drift check asked for too soon after the last one. */
class TooManyRequestsError extends Error {
  name = 'TooManyRequestsError';

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** The 429 answer to a check asked for too soon, in the shape of the API's other errors. */
function tooManyRequests(
  req: Request,
  res: Response,
  error: TooManyRequestsError,
) {
  res
    .status(429)
    .set('Retry-After', String(error.retryAfterSeconds))
    .json({
      error: { name: error.name, message: error.message },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: 429 },
    });
}

/** Drift: the latest report, history, manual checks, remediation, the summary and ignore rules. */
export function addDriftRoutes(router: Router, context: RouteContext): void {
  addStackDriftRoutes(router, context);
  addFleetDriftRoutes(router, context);
  addIgnoreRuleRoutes(router, context);
}

/** One stack's drift: its report and checks, a manual check, and remediation. */
function addStackDriftRoutes(router: Router, context: RouteContext): void {
  const { access, drift } = context;

  router.get('/stacks/:backend/:project/:stack/drift', async (req, res) => {
    const { stackRef } = await access.readableStackRef(req);
    res.json(await drift.getReport(stackRef));
  });

  router.get(
    '/stacks/:backend/:project/:stack/drift/checks',
    async (req, res) => {
      const query = parseInput(driftChecksQuerySchema, req.query, 'query');
      const { stackRef } = await access.readableStackRef(req);
      res.json({ items: await drift.listChecks(stackRef, query.limit) });
    },
  );

  router.post(
    '/stacks/:backend/:project/:stack/drift/check',
    async (req, res) => {
      const body = parseInput(driftCheckBodySchema, req.body ?? {}, 'body');
      const { stack, credentials } = await access.readableStack(req);
      const kind = body.program ? 'drift-check-program' : 'drift-check';
      try {
        const run = await auditedChange(context, req, {
          eventId: 'drift-check-request',
          severityLevel: 'low',
          meta: { stackRef: stack.ref, kind },
          credentials,
          permission: pulumiStackOperatePermission,
          resourceRef: stack.ref,
          work: async () => {
            if (body.program && !context.hasProgram(stack)) {
              throw new InputError(
                `Invalid body field 'program': no program folder is configured for project '${stack.project}' in pulumi.projects, so only the state can be checked`,
              );
            }
            await limitManualChecks(context, stack.ref);
            return context.queue.enqueue(
              stack.ref,
              kind,
              access.requester(credentials),
            );
          },
          metaOf: queued => ({ runId: queued.id }),
        });
        res.status(201).json(run);
      } catch (error) {
        if (!(error instanceof TooManyRequestsError)) throw error;
        tooManyRequests(req, res, error);
      }
    },
  );

  router.post(
    '/stacks/:backend/:project/:stack/drift/remediate',
    async (req, res) => {
      const body = parseInput(remediateBodySchema, req.body ?? {}, 'body');
      const { stack, credentials } = await access.readableStack(req);
      const run = await auditedChange(context, req, {
        eventId: 'drift-remediate',
        severityLevel: 'high',
        meta: { stackRef: stack.ref, action: body.action },
        credentials,
        // A remediation is an up or a refresh: it needs operate as well, so that remediate only narrows it.
        permission: [
          pulumiStackOperatePermission,
          pulumiDriftRemediatePermission,
        ],
        resourceRef: stack.ref,
        work: async () => {
          if (body.action === 'restore' && !context.hasProgram(stack)) {
            throw new InputError(
              `Invalid body field 'action': 'restore' runs the program of project '${stack.project}' to put the resources back as the code says, and no program folder is configured for it in pulumi.projects. Use 'accept' to take the real resources into the state instead, or configure the project's folder.`,
            );
          }
          return context.queue.enqueue(
            stack.ref,
            body.action === 'accept' ? 'refresh' : 'up',
            access.requester(credentials),
            { remediation: body.action },
          );
        },
        metaOf: queued => ({ runId: queued.id }),
      });
      res.status(201).json(run);
    },
  );
}

/** Refuses a manual check of a stack checked on request less than the configured interval ago. */
async function limitManualChecks(context: RouteContext, stackRef: string) {
  const limited = await context.stacks.requestManualDriftCheck(
    stackRef,
    new Date(),
    context.manualCheckIntervalMs,
  );
  if (!limited.accepted) {
    throw new TooManyRequestsError(
      `The stack ${stackRef} was checked on request less than ${Math.round(
        context.manualCheckIntervalMs / 1000,
      )} seconds ago; try again in ${limited.retryAfterSeconds} seconds`,
      limited.retryAfterSeconds ?? 1,
    );
  }
}

/** Drift across the stacks the caller may read: the summary, and the drifted stacks with findings. */
function addFleetDriftRoutes(router: Router, context: RouteContext): void {
  const { access, stacks, drift } = context;

  router.get('/drift/summary', async (req, res) => {
    const query = parseInput(driftSummaryQuerySchema, req.query, 'query');
    const readable = await access.readableStacksFilter(req);
    // Every stack when the caller may read them all; else, or for one owner, the refs in scope.
    let stackRefs: string[] | undefined;
    if (!readable) {
      stackRefs = [];
    } else if (readable.permission || query.owner) {
      stackRefs = [];
      let cursor: string | undefined;
      do {
        const page = await stacks.listStacks(
          { ...readable, owner: query.owner },
          { limit: 500, cursor },
        );
        stackRefs.push(...page.items.map(s => s.ref));
        cursor = page.nextCursor;
      } while (cursor);
    }
    const now = new Date();
    res.json(
      await drift.summary({
        since: new Date(now.getTime() - query.days * 24 * 60 * 60 * 1000),
        now,
        stackRefs,
      }),
    );
  });

  router.get('/drift/stacks', async (req, res) => {
    const query = parseInput(driftStacksQuerySchema, req.query, 'query');
    const readable = await access.readableStacksFilter(req);
    if (!readable) {
      res.json({ items: [] });
      return;
    }
    const page = await stacks.listStacks(
      { ...readable, owner: query.owner, driftStatus: 'drifted' },
      {
        limit: query.limit,
        cursor: query.cursor,
        sort: 'driftCheckedAt',
        order: 'desc',
      },
    );
    const findings = await drift.latestFindings(page.items.map(s => s.ref));
    const body: PulumiPage<PulumiDriftedStack> = {
      items: page.items.map(stack => ({
        stack,
        findings: findings.get(stack.ref) ?? [],
      })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
    res.json(body);
  });
}

/** The ignore rules: those of config and of the API, and the API's own to add and remove. */
function addIgnoreRuleRoutes(router: Router, context: RouteContext): void {
  const { access, drift } = context;

  router.get('/drift/ignore-rules', async (req, res) => {
    await access.credentials(req);
    res.json({ items: await context.driftRules() });
  });

  router.post('/drift/ignore-rules', async (req, res) => {
    const body = parseInput(ignoreRuleBodySchema, req.body ?? {}, 'body');
    const credentials = await access.credentials(req);
    const rule = await auditedChange(context, req, {
      eventId: 'drift-ignore-rule-create',
      severityLevel: 'medium',
      meta: { rule: body },
      credentials,
      permission: pulumiDriftIgnorePermission,
      work: () =>
        drift.addRule({ ...body, createdBy: access.requester(credentials) }),
      metaOf: added => ({ ruleId: added.id }),
    });
    res.status(201).json(rule);
  });

  router.delete('/drift/ignore-rules/:ruleId', async (req, res) => {
    const { ruleId } = parseInput(ruleIdPathSchema, req.params, 'path');
    const credentials = await access.credentials(req);
    await auditedChange(context, req, {
      eventId: 'drift-ignore-rule-delete',
      severityLevel: 'medium',
      meta: { ruleId },
      credentials,
      permission: pulumiDriftIgnorePermission,
      work: async () => {
        if (!(await drift.deleteRule(ruleId))) {
          throw new NotFoundError(
            `No ignore rule ${ruleId} made through the API (rules from app config change there)`,
          );
        }
      },
    });
    res.status(204).end();
  });
}
