import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** Pulumi stacks as catalog entities. The state backends come from `pulumi.backends`. */
      pulumi?: {
        /** How often to re-read every stack; by default every 10 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** The owner of stacks that name none, for example `group:default/platform`. */
        defaultOwner?: string;
      };
    };
  };
}
