import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  pulumiDriftIgnorePermission,
  pulumiDriftRemediatePermission,
  PulumiHealth,
  pulumiStackDestroyPermission,
  pulumiStackOperatePermission,
  pulumiStackReadPermission,
} from '@stackyard/plugin-pulumi-common';
import {
  PulumiEngineClient,
  pulumiStackPermissionResourceRef,
  pulumiStackPermissionRules,
  readStackTagNames,
} from '@stackyard/plugin-pulumi-node';
import { createStores } from './database/createStores';
import { readDriftConfig } from './drift/driftConfig';
import { DriftNotifier } from './drift/DriftNotifier';
import { DriftScheduler } from './drift/DriftScheduler';
import { DriftService } from './drift/DriftService';
import { HistoryCleaner } from './history/HistoryCleaner';
import { RunQueue } from './runs/RunQueue';
import { RunWorker } from './runs/RunWorker';
import { createRouter } from './service/router';
import { StackSync } from './sync/StackSync';

const DEFAULT_SYNC_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 3 },
};

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
      },
      async init(deps) {
        const { config, logger, httpRouter, permissionsRegistry } = deps;
        const { stacks, runs, drift } = await createStores(deps.database);
        const driftConfig = readDriftConfig(config);
        const ownerTag = readStackTagNames(config).owner;
        // Set once the engine is found; runs queued before then, or without it, wait in the database.
        let worker: RunWorker | undefined;
        let health: PulumiHealth = {
          status: 'unavailable',
          engine: { message: 'starting' },
          backends: [],
        };
        const queue = new RunQueue({
          runs,
          health: () => health,
          onRunQueued: () => worker?.wake(),
        });
        const driftService = new DriftService({
          drift,
          queue,
          logger,
          configRules: driftConfig.ignore,
          notifier: new DriftNotifier({
            notifications: deps.notifications,
            logger,
            ownersOf: async ref =>
              (await stacks.getPermissionResources([ref]))[0]?.ownerRefs ?? [],
          }),
        });
        permissionsRegistry.addPermissions([pulumiDriftIgnorePermission]);
        permissionsRegistry.addResourceType({
          resourceRef: pulumiStackPermissionResourceRef,
          permissions: [
            pulumiStackReadPermission,
            pulumiStackOperatePermission,
            pulumiStackDestroyPermission,
            pulumiDriftRemediatePermission,
          ],
          rules: Object.values(pulumiStackPermissionRules),
          getResources: refs => stacks.getPermissionResources(refs),
        });

        // A missing or mismatched engine must not take the whole Backstage backend down: the plugin
        // starts, serves what the database holds, reports the reason on its health route, and logs it.
        let engine: PulumiEngineClient | undefined;
        try {
          engine = await PulumiEngineClient.fromConfig(config);
          health = {
            status: 'ok',
            engine: { version: engine.version },
            backends: engine.listBackends().map(b => b.id),
          };
          logger.info(
            `Pulumi engine v${engine.version} at ${
              engine.engine.root
            }; backends: ${health.backends.join(', ') || 'none'}`,
          );
        } catch (error) {
          const message =
            error instanceof Error ? error.message : String(error);
          logger.error(`The Pulumi engine is unavailable: ${message}`);
          health = { status: 'unavailable', engine: { message }, backends: [] };
        }

        if (engine) {
          const sync = new StackSync({
            engine,
            stacks,
            logger,
            ownerTag,
            catalog: deps.catalog,
            auth: deps.auth,
          });
          const schedule = config.has('pulumi.sync.schedule')
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                config.getConfig('pulumi.sync.schedule'),
              )
            : DEFAULT_SYNC_SCHEDULE;
          await deps.scheduler.scheduleTask({
            id: 'pulumi-stack-sync',
            ...schedule,
            fn: () => sync.syncAll(),
          });
          const runWorker = new RunWorker({
            runs,
            stacks,
            engine,
            sync,
            logger,
            auditor: deps.auditor,
            concurrency:
              config.getOptionalNumber('pulumi.runs.concurrency') ?? 2,
            leaseMs:
              (config.getOptionalNumber('pulumi.runs.leaseSeconds') ?? 30) *
              1000,
            pollMs:
              (config.getOptionalNumber('pulumi.runs.pollSeconds') ?? 2) * 1000,
            afterRun: (run, result) => driftService.afterRun(run, result),
          });
          worker = runWorker;
          deps.lifecycle.addStartupHook(() => runWorker.start());
          deps.lifecycle.addShutdownHook(() => runWorker.stop());
          if (driftConfig.enabled) {
            const scheduler = new DriftScheduler({
              stacks,
              runs,
              queue,
              logger,
              periodMs: driftConfig.intervalMs,
              pollMs: driftConfig.pollMs,
            });
            deps.lifecycle.addStartupHook(() => scheduler.start());
            deps.lifecycle.addShutdownHook(() => scheduler.stop());
          }
        }

        const cleaner = new HistoryCleaner({
          drift,
          runs,
          logger,
          retentionMs: driftConfig.retentionMs,
        });
        await deps.scheduler.scheduleTask({
          id: 'pulumi-history-cleaner',
          frequency: { hours: 6 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            await cleaner.clean();
          },
        });

        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.use(
          await createRouter({
            health: () => health,
            backendIds: () => health.backends,
            stacks,
            runs,
            queue,
            onRunCancelRequested: runId => worker?.cancel(runId),
            drift,
            driftRules: () => driftService.rules(),
            hasProgram: stack => engine?.hasProgram(stack) ?? false,
            manualCheckIntervalMs: driftConfig.manualCheckIntervalMs,
            config,
            logger,
            auth: deps.auth,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
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
