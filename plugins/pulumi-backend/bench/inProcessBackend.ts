// The plugin's REST API in this process, for the benchmarks that drive it over real HTTP: the plugin's own
// stores, run pipeline and router on a database the benchmark hands in, behind an HTTP server on a free
// port, with every permission allowed (or, on request, allowed on the condition that the stack is owned by
// some claims) and an auditor that records nothing.
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import type { PulumiHealth } from '@stackyard/plugin-pulumi-common';
import {
  PulumiEngineService,
  pulumiStackConditions,
  pulumiStackPermissionRules,
} from '@stackyard/plugin-pulumi-node';
import express from 'express';
import type { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import { createStores, PulumiStores } from '../src/database/createStores';
import { readDriftConfig } from '../src/drift/driftConfig';
import { RunPipeline } from '../src/runs/RunPipeline';
import { PackageRegistry } from '../src/registry/PackageRegistry';
import { createRouter } from '../src/service/router';
import { StackSync } from '../src/sync/StackSync';

/** What {@link startInProcessBackend} needs. */
export interface InProcessBackendOptions {
  /** The database; migrated on start. The caller destroys it. */
  knex: Knex;
  /**
   * The engine that executes runs, whose stacks are synced into the database first. Without one, runs
   * stay queued and the health names the engine version `bench`.
   */
  engine?: PulumiEngineService;
  /**
   * Asked at each conditional permission check: while it returns claims, the decision is "allowed for the
   * stacks these claims own"; otherwise (and without it) every permission is allowed.
   */
  ownerClaims?: () => string[] | undefined;
}

/** The running API: its base URL (`…/api/pulumi`), the stores and pipeline behind it, and its end. */
export interface InProcessBackend {
  base: string;
  stores: PulumiStores;
  pipeline: RunPipeline;
  close(): Promise<void>;
}

const logger = mockServices.rootLogger({ level: 'none' });

const auditor = {
  createEvent: async () => ({
    success: async () => {},
    fail: async () => {},
  }),
};

/** Allows everything, but for conditional checks while `ownerClaims` returns claims. */
function permissions(
  ownerClaims: () => string[] | undefined = () => undefined,
) {
  const decision = () => {
    const claims = ownerClaims();
    return claims
      ? {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'pulumi',
          resourceType: 'pulumi-stack',
          conditions: pulumiStackConditions.isStackOwner({ claims }),
        }
      : { result: AuthorizeResult.ALLOW };
  };
  return {
    authorize: async (reqs: unknown[]) =>
      reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
    authorizeConditional: async (reqs: unknown[]) => reqs.map(decision) as any,
  };
}

/** The plugin's own wiring, as in the backend: drift checks record their findings (afterRun). */
async function startPipeline(
  stores: PulumiStores,
  health: () => PulumiHealth,
  engine: PulumiEngineService | undefined,
): Promise<RunPipeline> {
  const pipeline = new RunPipeline({
    stores,
    health,
    logger,
    auditor,
    drift: { ...readDriftConfig(mockServices.rootConfig()), enabled: false },
    settings: { concurrency: 1, leaseMs: 30_000, pollMs: 1000 },
    approvals: { protectedStacks: [], expiresAfterMs: 24 * 60 * 60 * 1000 },
  });
  if (engine) {
    const sync = new StackSync({
      engine,
      stacks: stores.stacks,
      logger,
      ownerTag: 'backstage.io:owner',
    });
    await sync.syncAll();
    pipeline.useEngine(engine, sync);
  }
  await pipeline.start();
  return pipeline;
}

/** Starts the plugin's API on a free port of 127.0.0.1. */
export async function startInProcessBackend(
  options: InProcessBackendOptions,
): Promise<InProcessBackend> {
  const { knex, engine } = options;
  const database = mockServices.database({ knex, migrations: { skip: false } });
  const stores = await createStores(database);
  const { stacks, runs, drift } = stores;
  const health = (): PulumiHealth => ({
    status: 'ok',
    engine: { version: engine?.version ?? 'bench' },
    backends: ['local'],
  });
  const pipeline = await startPipeline(stores, health, engine);
  const router = await createRouter({
    health,
    backendIds: () => ['local'],
    stacks,
    runs,
    queue: pipeline.queue,
    approvals: pipeline.approvals,
    ttls: stores.ttls,
    registry: new PackageRegistry({
      store: stores.registry,
      minimumVersions: {},
    }),
    ttl: () => undefined,
    config: mockServices.rootConfig(),
    logger,
    drift,
    driftRules: () => drift.listRules(),
    hasProgram: () => true,
    manualCheckIntervalMs: 0,
    onRunCancelRequested: runId => pipeline.cancel(runId),
    auth: mockServices.auth(),
    httpAuth: mockServices.httpAuth(),
    permissions: permissions(options.ownerClaims),
    auditor,
    transformConditions: createConditionTransformer(
      Object.values(pulumiStackPermissionRules),
    ),
  });
  const app = express().use(express.Router().use('/api/pulumi', router));
  const server = app.listen(0);
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}/api/pulumi`,
    stores,
    pipeline,
    close: async () => {
      server.close();
      await pipeline.stop();
    },
  };
}
