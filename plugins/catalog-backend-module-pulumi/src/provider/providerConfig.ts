import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import {
  normalizeOwnerRef,
  readStackTagNames,
} from '@stackyard/plugin-pulumi-node';

/** What a stack entity is related to: each an entity ref, or absent. */
export interface StackRelations {
  owner?: string;
  system?: string;
  component?: string;
}

/** A rule of `catalog.providers.pulumi.rules`. */
export interface StackRule extends StackRelations {
  backend?: string;
  project?: string;
}

/** `catalog.providers.pulumi`, read and checked. */
export interface PulumiProviderConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  defaultOwner: string;
  /** The stack tag names that give a stack's owner, system and component. */
  tags: Required<Record<keyof StackRelations, string>>;
  rules: StackRule[];
  /** How long a stack's tags are trusted while the stack has not changed. */
  tagsMaxAgeMs: number;
  /** The app's base URL, for links to each stack's page. */
  appBaseUrl?: string;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
};

/** The default kinds of the entity refs that tags and rules give. */
const RELATION_KINDS: Record<keyof StackRelations, string> = {
  owner: 'group',
  system: 'system',
  component: 'component',
};

/**
 * Reads an entity ref the way `spec.owner` is read: a bare name gets the default kind and namespace. An
 * owner is read as the backend reads it, so that both agree on who owns a stack.
 */
export function toEntityRef(
  value: string,
  relation: keyof StackRelations,
): string {
  if (relation === 'owner') return normalizeOwnerRef(value);
  return stringifyEntityRef(
    parseEntityRef(value.trim(), {
      defaultKind: RELATION_KINDS[relation],
      defaultNamespace: 'default',
    }),
  );
}

export function readProviderConfig(config: Config): PulumiProviderConfig {
  const key = 'catalog.providers.pulumi';
  const c = config.getOptionalConfig(key);
  const ref = (
    value: string | undefined,
    relation: keyof StackRelations,
    field: string,
  ) => {
    if (value === undefined) return undefined;
    try {
      return toEntityRef(value, relation);
    } catch (error) {
      throw new InputError(`${key}.${field}: ${(error as Error).message}`);
    }
  };
  const rules = (c?.getOptionalConfigArray('rules') ?? []).map((r, i) => {
    const field = `rules[${i}]`;
    const rule: StackRule = {
      backend: r.getOptionalString('backend'),
      project: r.getOptionalString('project'),
      owner: ref(r.getOptionalString('owner'), 'owner', `${field}.owner`),
      system: ref(r.getOptionalString('system'), 'system', `${field}.system`),
      component: ref(
        r.getOptionalString('component'),
        'component',
        `${field}.component`,
      ),
    };
    if (!rule.owner && !rule.system && !rule.component) {
      throw new InputError(
        `${key}.${field} must set at least one of owner, system or component`,
      );
    }
    return rule;
  });
  return {
    schedule: c?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          c.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    defaultOwner:
      ref(c?.getOptionalString('defaultOwner'), 'owner', 'defaultOwner') ??
      'group:default/platform',
    tags: readStackTagNames(config),
    rules,
    tagsMaxAgeMs: c?.has('tagsMaxAge')
      ? durationToMilliseconds(readDurationFromConfig(c, { key: 'tagsMaxAge' }))
      : 60 * 60 * 1000,
    appBaseUrl: config.getOptionalString('app.baseUrl'),
  };
}
