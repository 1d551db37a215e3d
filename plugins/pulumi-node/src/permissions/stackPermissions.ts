import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { PULUMI_STACK_RESOURCE_TYPE } from '@stackyard/plugin-pulumi-common';
import { z } from 'zod';

/**
 * A stack as permission rules see it.
 *
 * @public
 */
export interface PulumiStackPermissionResource {
  /** `backendId:organization/project/stack` */
  ref: string;
  backendId: string;
  project: string;
  stack: string;
  /** The owners of the catalog entities linked to the stack. */
  ownerRefs: string[];
}

/**
 * A filter on stacks that the backend's stack store understands, made from permission conditions.
 *
 * @public
 */
export type PulumiStackPermissionQuery =
  | { key: 'ownerRefs'; values: string[] }
  | { key: 'backendId'; values: string[] };

/**
 * The permission resource ref of Pulumi stacks.
 *
 * @public
 */
export const pulumiStackPermissionResourceRef = createPermissionResourceRef<
  PulumiStackPermissionResource,
  PulumiStackPermissionQuery
>().with({ pluginId: 'pulumi', resourceType: PULUMI_STACK_RESOURCE_TYPE });

const isStackOwner = createPermissionRule({
  name: 'IS_STACK_OWNER',
  description:
    'Allow stacks whose linked catalog entity is owned by one of the given entity refs, such as the user and their groups',
  resourceRef: pulumiStackPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        'Entity refs of owners, usually the ownership entity refs of the user',
      ),
  }),
  apply: (resource, { claims }) =>
    resource.ownerRefs.some(owner => claims.includes(owner)),
  toQuery: ({ claims }) => ({ key: 'ownerRefs', values: claims }),
});

const isInBackend = createPermissionRule({
  name: 'IS_IN_BACKEND',
  description: 'Allow stacks of the given state backends',
  resourceRef: pulumiStackPermissionResourceRef,
  paramsSchema: z.object({
    backendIds: z.array(z.string()).describe('State backend ids'),
  }),
  apply: (resource, { backendIds }) => backendIds.includes(resource.backendId),
  toQuery: ({ backendIds }) => ({ key: 'backendId', values: backendIds }),
});

/**
 * The permission rules of Pulumi stacks.
 *
 * @public
 */
export const pulumiStackPermissionRules = { isStackOwner, isInBackend };

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: pulumiStackPermissionResourceRef,
  rules: pulumiStackPermissionRules,
});

/**
 * Conditions on stacks for permission policies, for example
 * `pulumiStackConditions.isStackOwner({ claims: user.info.ownershipEntityRefs })`.
 *
 * @public
 */
export const pulumiStackConditions = conditions;

/**
 * Makes a conditional decision on a stack permission, for permission policies.
 *
 * @public
 */
export const createPulumiStackConditionalDecision = createConditionalDecision;
