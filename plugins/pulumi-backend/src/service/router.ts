import {
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import { PulumiHealth } from '@stackyard/plugin-pulumi-common';
import type { PulumiStackPermissionQuery } from '@stackyard/plugin-pulumi-node';
import express from 'express';
import Router from 'express-promise-router';
import { createAccess } from './access';
import { methodNotAllowed, requestErrors } from './httpErrors';
import { readDecisionTtlMs } from './readDecisions';
import type { RouteContext } from './routes/context';
import { addDriftRoutes } from './routes/drift';
import { addExternalRunRoutes, PLAN_BODY_LIMIT } from './routes/externalRuns';
import { addRegistryRoutes } from './routes/registry';
import { addRunRoutes } from './routes/runs';
import { addTtlRoutes } from './routes/ttl';
import { addStackRoutes } from './routes/stacks';

/** The largest request body the API accepts. */
const BODY_LIMIT = '64kb';

/**
 * What the router needs.
 *
 * @internal
 */
export interface RouterOptions extends Omit<RouteContext, 'access'> {
  health: () => PulumiHealth;
  /** The ids of the configured state backends. */
  backendIds: () => string[];
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  transformConditions: ConditionTransformer<PulumiStackPermissionQuery>;
  /** For the router's own error responses. */
  config: RootConfigService;
  logger: LoggerService;
}

/**
 * The REST API of the Pulumi plugin. Reads come from the database, which the sync task and the run
 * workers keep fresh; only runs reach the engine. The routes come in three families: stacks, runs and
 * drift (routes/), over one set of access checks (access.ts).
 *
 * @internal
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  // A submitted plan may be larger than any other body; its route's own parser reads it first.
  router.post(
    '/stacks/:backend/:project/:stack/plans',
    express.json({ limit: PLAN_BODY_LIMIT }),
  );
  router.use(express.json({ limit: BODY_LIMIT }));
  const access = createAccess({
    ...options,
    readDecisionTtlMs: readDecisionTtlMs(options.config),
  });
  const context = { ...options, access };

  router.get('/health', (_req, res) => {
    const health = options.health();
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  });
  router.get('/backends', async (req, res) => {
    await access.credentials(req);
    res.json({ items: options.backendIds().map(id => ({ id })) });
  });
  addStackRoutes(router, context);
  addRunRoutes(router, context);
  addDriftRoutes(router, context);
  addTtlRoutes(router, context);
  addExternalRunRoutes(router, context);
  addRegistryRoutes(router, context);

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
