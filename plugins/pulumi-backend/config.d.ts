import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  pulumi?: {
    sync?: {
      /**
       * How often to read every state backend's stacks into the database, which the read routes serve.
       * Defaults to every 5 minutes.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    drift?: {
      /** Whether to check every stack on a schedule. Defaults to true. */
      enabled?: boolean;
      /**
       * Each stack is checked once per interval. Defaults to one hour. A stack's own tag
       * `stackyard:drift-interval` (`15m`, `6h`, `1d` or `off`) overrides it for that stack.
       */
      interval?: HumanDuration | string;
      /** How often each replica looks for stacks that are due. Defaults to 30 seconds. */
      poll?: HumanDuration | string;
      /** The least time between two manual checks of one stack. Defaults to one minute. */
      manualCheckInterval?: HumanDuration | string;
      /** Drift checks and finished runs older than this are deleted. Defaults to 90 days. */
      retention?: HumanDuration | string;
      /** Findings these rules match are kept but do not make a stack drifted. `*` is a wildcard. */
      ignore?: Array<{
        /** The stack ref, `backend:organization/project/stack`. */
        stack?: string;
        type?: string;
        urn?: string;
        /** A property path, for example `tags.lastSeen`. */
        property?: string;
        reason?: string;
      }>;
    };
    permissions?: {
      /**
       * How many seconds the permission policy's decision on `pulumi.stack.read` is reused for the same
       * caller's (the same bearer token's) requests, which a page sends together: a policy change reaches
       * a caller's reads within this time. Defaults to 2; 0 asks the policy on every request. Changes are
       * always asked anew.
       */
      readDecisionSeconds?: number;
    };
    approvals?: {
      /**
       * The stacks whose `up` and `destroy` apply only a plan that an approver approved, as stack ref
       * patterns (`backend:organization/project/stack`, `*` a wildcard), for example
       * `local:organization/payments/prod` or `*:organization/payments/*`. A stack is also protected by
       * its tag `stackyard:protected=true`.
       */
      protectedStacks?: string[];
      /** How long a saved plan waits for a decision before its run ends as expired. Defaults to 24 hours. */
      expiresAfter?: HumanDuration | string;
    };
    registry?: {
      /**
       * The least version of each package that the platform team supports, by package name, for example
       * `{ aws: '6.0.0', stackyard: '0.2.0' }`. Stacks that use an older version count as outdated in the
       * usage registry, as do those below the newest version in use in the fleet.
       */
      minimumVersions?: { [packageName: string]: string };
    };
    runs?: {
      /**
       * How many runs this backend process executes at once. Defaults to the number of cores the
       * process may use (`os.availableParallelism()`): an engine run keeps about one busy.
       */
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
