import {
  coreServices,
  createBackendPlugin,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import { PulumiHealth } from '@stackyard/plugin-pulumi-common';
import {
  pulumiStackPermissionResourceRef,
  readStackTagNames,
} from '@stackyard/plugin-pulumi-node';
import { PulumiApiCaller } from '@stackyard/plugin-pulumi-node';
import { registerPulumiActions } from './actions/pulumiActions';
import { readApprovalConfig } from './approvals/approvalConfig';
import { createStores } from './database/createStores';
import { readDriftConfig } from './drift/driftConfig';
import { loadEngine } from './engineHealth';
import {
  HISTORY_CLEANER_SCHEDULE,
  HistoryCleaner,
} from './history/HistoryCleaner';
import { registerPermissions } from './permissions';
import { readRunSettings, RunPipeline } from './runs/RunPipeline';
import { PackageRegistry } from './registry/PackageRegistry';
import { readMinimumVersions } from './registry/registryConfig';
import { createRouter } from './service/router';
import { StackSync } from './sync/StackSync';
import { createTtlService } from './ttl/createTtlService';
import type { TtlService } from './ttl/TtlService';
import { readSyncSchedule } from './sync/syncSchedule';

/**
 * The Pulumi backend plugin: stacks, runs and drift over the Pulumi Automation API.
 *
 * @public
 */
export const pulumiPlugin = createBackendPlugin({
  pluginId: 'pulumi',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
        discovery: coreServices.discovery,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, permissionsRegistry } = deps;
        const stores = await createStores(deps.database);
        const driftConfig = readDriftConfig(config);
        let health: PulumiHealth = {
          status: 'unavailable',
          engine: { message: 'starting' },
          backends: [],
        };
        // Runs queued while the engine is missing wait in the database for a replica that has one.
        const pipeline = new RunPipeline({
          stores,
          health: () => health,
          logger,
          auditor: deps.auditor,
          notifications: deps.notifications,
          drift: driftConfig,
          settings: readRunSettings(config),
          approvals: readApprovalConfig(config),
        });
        registerPermissions(permissionsRegistry, stores.stacks);

        let ttl: TtlService | undefined;
        let syncBackend: ((backendId: string) => Promise<void>) | undefined;
        const loaded = await loadEngine(config, logger);
        health = loaded.health;
        const engine = loaded.engine;
        if (engine) {
          const sync = new StackSync({
            engine,
            stacks: stores.stacks,
            logger,
            ownerTag: readStackTagNames(config).owner,
            catalog: deps.catalog,
            auth: deps.auth,
          });
          await deps.scheduler.scheduleTask({
            id: 'pulumi-stack-sync',
            ...readSyncSchedule(config),
            fn: () => sync.syncAll(),
          });
          pipeline.useEngine(engine, sync);
          syncBackend = id => sync.syncBackend(id);
          deps.lifecycle.addStartupHook(() => pipeline.start());
          deps.lifecycle.addShutdownHook(() => pipeline.stop());
          ttl = await createTtlService({
            ...deps,
            stores,
            pipeline,
            engine,
            sync,
          });
        }

        await scheduleHousekeeping(
          deps.scheduler,
          pipeline,
          new HistoryCleaner({
            ...stores,
            logger,
            retentionMs: driftConfig.retentionMs,
          }),
        );

        registerPulumiActions(
          deps.actionsRegistry,
          new PulumiApiCaller({ auth: deps.auth, discovery: deps.discovery }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        deps.httpRouter.use(
          await createRouter({
            ...deps,
            ...stores,
            health: () => health,
            backendIds: () => health.backends,
            queue: pipeline.queue,
            approvals: pipeline.approvals,
            registry: new PackageRegistry({
              store: stores.registry,
              minimumVersions: readMinimumVersions(config),
            }),
            ttl: () => ttl,
            onRunCancelRequested: runId => pipeline.cancel(runId),
            driftRules: () => pipeline.driftService.rules(),
            hasProgram: stack => engine?.hasProgram(stack) ?? false,
            syncBackend,
            manualCheckIntervalMs: driftConfig.manualCheckIntervalMs,
            transformConditions: createConditionTransformer(
              permissionsRegistry.getPermissionRuleset(
                pulumiStackPermissionResourceRef,
              ),
            ),
          }),
        );
      },
    });
  },
});

/** The tasks that tidy up, on any replica: expiring plans nobody decided on, and old history. */
async function scheduleHousekeeping(
  scheduler: SchedulerService,
  pipeline: RunPipeline,
  cleaner: HistoryCleaner,
): Promise<void> {
  await scheduler.scheduleTask({
    id: 'pulumi-approval-expiry',
    frequency: { minutes: 1 },
    timeout: { minutes: 1 },
    fn: async () => {
      await pipeline.approvals.expire();
    },
  });
  await scheduler.scheduleTask({
    id: 'pulumi-history-cleaner',
    ...HISTORY_CLEANER_SCHEDULE,
    fn: async () => {
      await cleaner.clean();
    },
  });
}
