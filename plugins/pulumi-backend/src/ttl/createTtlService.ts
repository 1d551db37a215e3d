import {
  AuditorService,
  AuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  readProjectStore,
  type PulumiEngineService,
} from '@stackyard/plugin-pulumi-node';
import type { PulumiStores } from '../database/createStores';
import type { RunPipeline } from '../runs/RunPipeline';
import type { StackSync } from '../sync/StackSync';
import { ProjectRetirement } from './ProjectRetirement';
import { readTtlConfig } from './ttlConfig';
import { TtlService } from './TtlService';

/**
 * The time-to-live service of a backend with an engine, its sweep scheduled as the task
 * `pulumi-stack-ttl` (one replica at a time) unless `pulumi.ttl.enabled` is false.
 */
export async function createTtlService(deps: {
  config: RootConfigService;
  logger: LoggerService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  notifications?: NotificationService;
  stores: PulumiStores;
  pipeline: RunPipeline;
  engine: PulumiEngineService;
  sync: StackSync;
}): Promise<TtlService> {
  const { config, stores, pipeline, engine } = deps;
  const settings = readTtlConfig(config);
  const service = new TtlService({
    ...deps,
    ttls: stores.ttls,
    runs: stores.runs,
    queue: pipeline.queue,
    protection: pipeline.protection,
    retirement: new ProjectRetirement({
      engine,
      store: readProjectStore(config),
      catalog: deps.catalog,
      auth: deps.auth,
    }),
    ownersOf: async ref =>
      (await stores.stacks.getPermissionResources([ref]))[0]?.ownerRefs ?? [],
    warnBeforeMs: settings.warnBeforeMs,
    onStackRemoved: ref => deps.sync.syncBackend(ref.backendId),
  });
  if (settings.enabled) {
    await deps.scheduler.scheduleTask({
      id: 'pulumi-stack-ttl',
      frequency: { milliseconds: settings.sweepMs },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 5 },
      fn: () => service.sweep(),
    });
  }
  return service;
}
