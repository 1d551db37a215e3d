import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

const DEFAULT_SYNC_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 3 },
};

/** When the stack sync runs: `pulumi.sync.schedule`, else every five minutes. */
export function readSyncSchedule(
  config: RootConfigService,
): SchedulerServiceTaskScheduleDefinition {
  return config.has('pulumi.sync.schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('pulumi.sync.schedule'),
      )
    : DEFAULT_SYNC_SCHEDULE;
}
