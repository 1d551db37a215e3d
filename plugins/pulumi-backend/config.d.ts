import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  pulumi?: {
    sync?: {
      /**
       * How often to read every state backend's stacks into the database, which the read routes serve.
       * Defaults to every 5 minutes.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    runs?: {
      /** How many runs this backend process executes at once. Defaults to 2. */
      concurrency?: number;
      /**
       * How long a run stays claimed by a backend process without a heartbeat, after which another
       * replica ends it as failed. Defaults to 30.
       */
      leaseSeconds?: number;
      /** How often to look for runs queued by other replicas. Defaults to 2. */
      pollSeconds?: number;
    };
  };
}
