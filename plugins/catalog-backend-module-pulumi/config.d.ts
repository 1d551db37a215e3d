import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Pulumi stacks as catalog entities: one `Resource` of type `pulumi-stack` per stack of every state
       * backend of `pulumi.backends`, with one entity provider per backend.
       */
      pulumi?: {
        /** How often to re-read every stack; by default every 10 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * The owner of stacks that neither a tag nor a rule gives one, for example
         * `group:default/platform-team`. By default `group:default/platform`.
         */
        defaultOwner?: string;
        /**
         * The stack tags that name a stack's owner, system and component (an entity ref, or a bare name:
         * a group, a system, a component). Pulumi tag names cannot hold `/`; by default
         * `backstage.io:owner`, `backstage.io:system` and `backstage.io:component`. The Pulumi backend
         * plugin reads the owner tag's name from here too, so that both agree on who owns a stack.
         */
        tags?: {
          owner?: string;
          system?: string;
          component?: string;
        };
        /**
         * Owner, system and component for stacks whose tags do not give them, by backend and project. For
         * each of the three, the first rule that matches and sets it applies.
         */
        rules?: Array<{
          /** The backend id; any when absent. */
          backend?: string;
          /** The project name; any when absent. */
          project?: string;
          owner?: string;
          system?: string;
          component?: string;
        }>;
        /**
         * How long the tags read from an unchanged stack are trusted before they are read again; one hour
         * by default. A tag added or removed shows at the next refresh either way.
         */
        tagsMaxAge?: HumanDuration | string;
      };
    };
  };
}
