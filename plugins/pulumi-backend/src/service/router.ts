import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import {
  pulumiDriftIgnorePermission,
  PulumiDriftIgnoreRule,
  PulumiDriftedStack,
  pulumiDriftRemediatePermission,
  PulumiHealth,
  PulumiPage,
  PulumiRun,
  PulumiStackDetail,
  pulumiStackDestroyPermission,
  pulumiStackOperatePermission,
  pulumiStackReadPermission,
} from '@stackyard/plugin-pulumi-common';
import type { PulumiStackPermissionQuery } from '@stackyard/plugin-pulumi-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { DriftStore } from '../database/DriftStore';
import { RunStore } from '../database/RunStore';
import { StackStore } from '../database/StackStore';
import { methodNotAllowed, requestErrors } from './httpErrors';
import { streamRunEvents } from './runEventStream';
import {
  driftCheckBodySchema,
  driftChecksQuerySchema,
  driftStacksQuerySchema,
  driftSummaryQuerySchema,
  ignoreRuleBodySchema,
  remediateBodySchema,
  ruleIdPathSchema,
  createRunBodySchema,
  eventsQuerySchema,
  listRunsQuerySchema,
  listStacksQuerySchema,
  pageQuerySchema,
  parseInput,
  runPathSchema,
  stackPathSchema,
} from './validation';

/** How a refusal names what the caller may not do, by the permission's action. */
const ACTION_VERBS: Record<string, string> = {
  read: 'read',
  update: 'operate',
  delete: 'destroy',
  create: 'create',
};

/** The largest request body the API accepts. */
const BODY_LIMIT = '64kb';

/**
 * What the router needs.
 *
 * @internal
 */
export interface RouterOptions {
  health: () => PulumiHealth;
  /** The ids of the configured state backends. */
  backendIds: () => string[];
  stacks: StackStore;
  runs: RunStore;
  /** Called after a run is queued, so that this replica starts it without waiting for its next poll. */
  onRunQueued: () => void;
  /** Called after a cancel is recorded, so that this replica stops the run at once if it runs it. */
  onRunCancelRequested: (runId: string) => void;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  transformConditions: ConditionTransformer<PulumiStackPermissionQuery>;
  drift: DriftStore;
  /** The ignore rules of config and of the API. */
  driftRules: () => Promise<PulumiDriftIgnoreRule[]>;
  /** Whether a stack's program is configured, which `restore` and program drift checks need. */
  hasProgram: (stack: {
    backendId: string;
    project: string;
    stack: string;
  }) => boolean;
  /** The least time between two manual drift checks of one stack. */
  manualCheckIntervalMs: number;
  /** For the router's own error responses. */
  config: RootConfigService;
  logger: LoggerService;
}

/**
 * The REST API of the Pulumi plugin. Reads come from the database, which the sync task and the run
 * workers keep fresh; only runs reach the engine.
 *
 * @internal
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { stacks, runs, httpAuth, permissions, auditor } = options;
  const router = Router();
  router.use(express.json({ limit: BODY_LIMIT }));

  router.get('/health', (_req, res) => {
    const health = options.health();
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  });

  const knownBackend = (id: string | undefined, field: string) => {
    if (id !== undefined && !options.backendIds().includes(id)) {
      throw new InputError(
        `Invalid ${field} '${id}': not a configured state backend; configured: ${
          options.backendIds().join(', ') || 'none'
        }`,
      );
    }
  };

  /**
   * Throws NotAllowedError, naming the first permission refused, unless the caller has every one of the
   * permissions, on the stack when one is named.
   */
  const authorize = async (
    credentials: BackstageCredentials,
    required: ResourcePermission | BasicPermission | ResourcePermission[],
    resourceRef?: string,
  ) => {
    const list = Array.isArray(required) ? required : [required];
    const decisions = await permissions.authorize(
      list.map(
        permission =>
          (resourceRef ? { permission, resourceRef } : { permission }) as any,
      ),
      { credentials },
    );
    const refused = list.find(
      (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
    );
    if (!refused) {
      return;
    }
    if (!resourceRef) {
      throw new NotAllowedError(`You may not do this (${refused.name})`);
    }
    throw new NotAllowedError(
      `You may not ${
        ACTION_VERBS[refused.attributes.action ?? 'update']
      } the stack ${resourceRef} (${refused.name})`,
    );
  };

  /** Parses the stack path, and loads the stack that the caller may read. */
  const readableStack = async (
    req: Request,
  ): Promise<{
    stack: PulumiStackDetail;
    credentials: BackstageCredentials;
  }> => {
    const path = parseInput(stackPathSchema, req.params, 'path');
    knownBackend(path.backend, "path field 'backend'");
    const credentials = await httpAuth.credentials(req);
    const stack = await stacks.getStack(path.backend, path.project, path.stack);
    if (!stack) {
      throw new NotFoundError(
        `No stack ${path.project}/${path.stack} in backend '${path.backend}'`,
      );
    }
    await authorize(credentials, pulumiStackReadPermission, stack.ref);
    return { stack, credentials };
  };

  /** Loads a run whose stack the caller may read. */
  const readableRun = async (
    req: Request,
  ): Promise<{ run: PulumiRun; credentials: BackstageCredentials }> => {
    const { runId } = parseInput(runPathSchema, req.params, 'path');
    const credentials = await httpAuth.credentials(req);
    const run = await runs.getRun(runId);
    if (!run) {
      throw new NotFoundError(`No run ${runId}`);
    }
    await authorize(credentials, pulumiStackReadPermission, run.stackRef);
    return { run, credentials };
  };

  /** Queues a run on a stack the caller may operate, once the engine is there to run it. */
  const queueRun = async (
    stack: PulumiStackDetail,
    credentials: BackstageCredentials,
    run: {
      kind: PulumiRun['kind'];
      targets?: string[];
      remediation?: PulumiRun['remediation'];
    },
  ): Promise<PulumiRun> => {
    const health = options.health();
    if (health.status !== 'ok') {
      throw new ServiceUnavailableError(
        `The Pulumi engine is unavailable: ${health.engine.message}`,
      );
    }
    const created = await runs.createRun({
      stackRef: stack.ref,
      backendId: stack.backendId,
      project: stack.project,
      stack: stack.stack,
      ...run,
      requestedBy: requester(options.auth, credentials),
    });
    options.onRunQueued();
    return created;
  };

  /**
   * The stacks the caller may read, as a stack list filter: all of them, those that the conditions of a
   * conditional decision allow, or none (undefined).
   */
  const readableStacksFilter = async (
    req: Request,
  ): Promise<
    { permission?: PermissionCriteria<PulumiStackPermissionQuery> } | undefined
  > => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: pulumiStackReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      return undefined;
    }
    return decision.result === AuthorizeResult.CONDITIONAL
      ? { permission: options.transformConditions(decision.conditions) }
      : {};
  };

  router.get('/backends', async (req, res) => {
    await httpAuth.credentials(req);
    res.json({ items: options.backendIds().map(id => ({ id })) });
  });

  router.get('/stacks', async (req, res) => {
    const query = parseInput(listStacksQuerySchema, req.query, 'query');
    knownBackend(query.backend, "query field 'backend'");
    const readable = await readableStacksFilter(req);
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
    const { stack } = await readableStack(req);
    res.json(stack);
  });

  router.get('/stacks/:backend/:project/:stack/outputs', async (req, res) => {
    const { stack } = await readableStack(req);
    res.json({ outputs: stack.outputs });
  });

  router.get('/stacks/:backend/:project/:stack/resources', async (req, res) => {
    const query = parseInput(pageQuerySchema, req.query, 'query');
    const { stack } = await readableStack(req);
    res.json(await stacks.listResources(stack.ref, query));
  });

  router.get('/stacks/:backend/:project/:stack/history', async (req, res) => {
    const { stack } = await readableStack(req);
    res.json({ items: await stacks.listUpdates(stack.ref) });
  });

  router.get('/stacks/:backend/:project/:stack/runs', async (req, res) => {
    const query = parseInput(listRunsQuerySchema, req.query, 'query');
    const { stack } = await readableStack(req);
    res.json({ items: await runs.listRuns(stack.ref, query.limit) });
  });

  router.post('/stacks/:backend/:project/:stack/runs', async (req, res) => {
    const body = parseInput(createRunBodySchema, req.body ?? {}, 'body');
    const { stack, credentials } = await readableStack(req);
    const audit = await auditor.createEvent({
      eventId: 'run-create',
      severityLevel: body.kind === 'destroy' ? 'high' : 'medium',
      request: req,
      meta: { stackRef: stack.ref, kind: body.kind, targets: body.targets },
    });
    try {
      // A destroy is an operation that a policy may allow on fewer stacks.
      await authorize(
        credentials,
        body.kind === 'destroy'
          ? [pulumiStackOperatePermission, pulumiStackDestroyPermission]
          : pulumiStackOperatePermission,
        stack.ref,
      );
      const run = await queueRun(stack, credentials, {
        kind: body.kind,
        targets: body.targets,
      });
      await audit.success({ meta: { runId: run.id } });
      res.status(201).json(run);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/runs/:runId', async (req, res) => {
    const { run } = await readableRun(req);
    res.json(run);
  });

  router.post('/runs/:runId/cancel', async (req, res) => {
    const { run, credentials } = await readableRun(req);
    const audit = await auditor.createEvent({
      eventId: 'run-cancel',
      severityLevel: 'medium',
      request: req,
      meta: { runId: run.id, stackRef: run.stackRef, kind: run.kind },
    });
    try {
      await authorize(credentials, pulumiStackOperatePermission, run.stackRef);
      const updated = await runs.requestCancel(run.id);
      options.onRunCancelRequested(run.id);
      await audit.success({ meta: { status: updated?.status } });
      res.status(202).json(updated);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/runs/:runId/events', async (req, res) => {
    const query = parseInput(eventsQuerySchema, req.query, 'query');
    const { run } = await readableRun(req);
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
    const { run } = await readableRun(req);
    await streamRunEvents({
      runs,
      runId: run.id,
      after: lastEventId !== undefined ? Number(lastEventId) : query.after ?? 0,
      req,
      res,
    });
  });

  // Drift: the latest report, history, manual checks, remediation, the summary and ignore rules.

  router.get('/stacks/:backend/:project/:stack/drift', async (req, res) => {
    const { stack } = await readableStack(req);
    res.json(await options.drift.getReport(stack.ref));
  });

  router.get(
    '/stacks/:backend/:project/:stack/drift/checks',
    async (req, res) => {
      const query = parseInput(driftChecksQuerySchema, req.query, 'query');
      const { stack } = await readableStack(req);
      res.json({
        items: await options.drift.listChecks(stack.ref, query.limit),
      });
    },
  );

  router.post(
    '/stacks/:backend/:project/:stack/drift/check',
    async (req, res) => {
      const body = parseInput(driftCheckBodySchema, req.body ?? {}, 'body');
      const { stack, credentials } = await readableStack(req);
      const kind = body.program ? 'drift-check-program' : 'drift-check';
      const audit = await auditor.createEvent({
        eventId: 'drift-check-request',
        severityLevel: 'low',
        request: req,
        meta: { stackRef: stack.ref, kind },
      });
      try {
        await authorize(credentials, pulumiStackOperatePermission, stack.ref);
        if (body.program && !options.hasProgram(stack)) {
          throw new InputError(
            `Invalid body field 'program': no program folder is configured for project '${stack.project}' in pulumi.projects, so only the state can be checked`,
          );
        }
        const limited = await options.drift.requestManualCheck(
          stack.ref,
          new Date(),
          options.manualCheckIntervalMs,
        );
        if (!limited.accepted) {
          await audit.fail({ error: new Error('rate limited') });
          res
            .status(429)
            .set('Retry-After', String(limited.retryAfterSeconds))
            .json({
              error: {
                name: 'TooManyRequestsError',
                message: `The stack ${
                  stack.ref
                } was checked on request less than ${Math.round(
                  options.manualCheckIntervalMs / 1000,
                )} seconds ago; try again in ${
                  limited.retryAfterSeconds
                } seconds`,
              },
              request: { method: req.method, url: req.originalUrl },
              response: { statusCode: 429 },
            });
          return;
        }
        const run = await queueRun(stack, credentials, { kind });
        await audit.success({ meta: { runId: run.id } });
        res.status(201).json(run);
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    },
  );

  router.post(
    '/stacks/:backend/:project/:stack/drift/remediate',
    async (req, res) => {
      const body = parseInput(remediateBodySchema, req.body ?? {}, 'body');
      const { stack, credentials } = await readableStack(req);
      const audit = await auditor.createEvent({
        eventId: 'drift-remediate',
        severityLevel: 'high',
        request: req,
        meta: { stackRef: stack.ref, action: body.action },
      });
      try {
        // A remediation is an up or a refresh: it needs operate as well, so that remediate only narrows it.
        await authorize(
          credentials,
          [pulumiStackOperatePermission, pulumiDriftRemediatePermission],
          stack.ref,
        );
        if (body.action === 'restore' && !options.hasProgram(stack)) {
          throw new InputError(
            `Invalid body field 'action': 'restore' runs the program of project '${stack.project}' to put the resources back as the code says, and no program folder is configured for it in pulumi.projects. Use 'accept' to take the real resources into the state instead, or configure the project's folder.`,
          );
        }
        const run = await queueRun(stack, credentials, {
          kind: body.action === 'accept' ? 'refresh' : 'up',
          remediation: body.action,
        });
        await audit.success({ meta: { runId: run.id } });
        res.status(201).json(run);
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    },
  );

  router.get('/drift/summary', async (req, res) => {
    const query = parseInput(driftSummaryQuerySchema, req.query, 'query');
    const readable = await readableStacksFilter(req);
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
      await options.drift.summary({
        since: new Date(now.getTime() - query.days * 24 * 60 * 60 * 1000),
        now,
        stackRefs,
      }),
    );
  });

  router.get('/drift/stacks', async (req, res) => {
    const query = parseInput(driftStacksQuerySchema, req.query, 'query');
    const readable = await readableStacksFilter(req);
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
    const findings = await options.drift.latestFindings(
      page.items.map(s => s.ref),
    );
    const body: PulumiPage<PulumiDriftedStack> = {
      items: page.items.map(stack => ({
        stack,
        findings: findings.get(stack.ref) ?? [],
      })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
    res.json(body);
  });

  router.get('/drift/ignore-rules', async (req, res) => {
    await httpAuth.credentials(req);
    res.json({ items: await options.driftRules() });
  });

  router.post('/drift/ignore-rules', async (req, res) => {
    const body = parseInput(ignoreRuleBodySchema, req.body ?? {}, 'body');
    const credentials = await httpAuth.credentials(req);
    const audit = await auditor.createEvent({
      eventId: 'drift-ignore-rule-create',
      severityLevel: 'medium',
      request: req,
      meta: { rule: body },
    });
    try {
      await authorize(credentials, pulumiDriftIgnorePermission);
      const rule = await options.drift.addRule({
        ...body,
        createdBy: requester(options.auth, credentials),
      });
      await audit.success({ meta: { ruleId: rule.id } });
      res.status(201).json(rule);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.delete('/drift/ignore-rules/:ruleId', async (req, res) => {
    const { ruleId } = parseInput(ruleIdPathSchema, req.params, 'path');
    const credentials = await httpAuth.credentials(req);
    const audit = await auditor.createEvent({
      eventId: 'drift-ignore-rule-delete',
      severityLevel: 'medium',
      request: req,
      meta: { ruleId },
    });
    try {
      await authorize(credentials, pulumiDriftIgnorePermission);
      if (!(await options.drift.deleteRule(ruleId))) {
        throw new NotFoundError(
          `No ignore rule ${ruleId} made through the API (rules from app config change there)`,
        );
      }
      await audit.success();
      res.status(204).end();
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  methodNotAllowed(router);
  // What Express rejects before a route runs is the client's: a 400 that names the part that is wrong.
  router.use(requestErrors({ router, bodyLimit: BODY_LIMIT }));
  // Error responses carry the error's name and message, never a stack trace, in development too.
  router.use(
    MiddlewareFactory.create({
      config: options.config,
      logger: options.logger,
    }).error({ showStackTraces: false }),
  );

  return router;
}

function requester(auth: AuthService, credentials: BackstageCredentials) {
  if (auth.isPrincipal(credentials, 'user')) {
    return credentials.principal.userEntityRef;
  }
  if (auth.isPrincipal(credentials, 'service')) {
    return `service:${credentials.principal.subject}`;
  }
  return 'unknown';
}
