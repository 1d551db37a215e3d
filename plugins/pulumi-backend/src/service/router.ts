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
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import {
  PulumiHealth,
  PulumiRun,
  PulumiStackDetail,
  pulumiStackOperatePermission,
  pulumiStackReadPermission,
} from '@stackyard/plugin-pulumi-common';
import type { PulumiStackPermissionQuery } from '@stackyard/plugin-pulumi-node';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { RunStore } from '../database/RunStore';
import { StackStore } from '../database/StackStore';
import { streamRunEvents } from './runEventStream';
import {
  createRunBodySchema,
  eventsQuerySchema,
  listRunsQuerySchema,
  listStacksQuerySchema,
  pageQuerySchema,
  parseInput,
  runPathSchema,
  stackPathSchema,
} from './validation';

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

  const authorize = async (
    credentials: BackstageCredentials,
    permission: ResourcePermission | BasicPermission,
    resourceRef: string,
  ) => {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef } as any],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not ${
          permission.attributes.action === 'read' ? 'read' : 'operate'
        } the stack ${resourceRef} (${permission.name})`,
      );
    }
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

  router.get('/backends', async (req, res) => {
    await httpAuth.credentials(req);
    res.json({ items: options.backendIds().map(id => ({ id })) });
  });

  router.get('/stacks', async (req, res) => {
    const query = parseInput(listStacksQuerySchema, req.query, 'query');
    knownBackend(query.backend, "query field 'backend'");
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: pulumiStackReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      res.json({ items: [] });
      return;
    }
    const page = await stacks.listStacks(
      {
        backendId: query.backend,
        project: query.project,
        entityRef: query.entityRef,
        driftStatus: query.drift as PulumiStackDetail['driftStatus'],
        text: query.q,
        permission:
          decision.result === AuthorizeResult.CONDITIONAL
            ? options.transformConditions(decision.conditions)
            : undefined,
      },
      { limit: query.limit, cursor: query.cursor },
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
      await authorize(credentials, pulumiStackOperatePermission, stack.ref);
      const health = options.health();
      if (health.status !== 'ok') {
        throw new ServiceUnavailableError(
          `The Pulumi engine is unavailable: ${health.engine.message}`,
        );
      }
      const run = await runs.createRun({
        stackRef: stack.ref,
        backendId: stack.backendId,
        project: stack.project,
        stack: stack.stack,
        kind: body.kind,
        targets: body.targets,
        requestedBy: requester(options.auth, credentials),
      });
      await audit.success({ meta: { runId: run.id } });
      options.onRunQueued();
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

  // Body parser failures are the client's: a 400 that says what is wrong with the body.
  router.use(
    (error: any, _req: Request, _res: Response, next: NextFunction) => {
      if (error?.type === 'entity.too.large') {
        next(
          new InputError(
            `Invalid body: it is larger than the ${BODY_LIMIT} limit`,
          ),
        );
      } else if (error?.type === 'entity.parse.failed') {
        next(new InputError(`Invalid body: it is not valid JSON`));
      } else {
        next(error);
      }
    },
  );
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
