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
  /**
   * The stack's owners, as lowercase entity refs: the owner its owner tag names, and the owners of the
   * catalog entities linked to it.
   */
  ownerRefs: string[];
}

/**
 * A filter on stacks that the backend's stack store understands, made from permission conditions.
 *
 * @public
 */
export type PulumiStackPermissionQuery =
  | { key: 'ownerRefs'; values: string[] }
  | { key: 'backendId'; values: string[] }
  | { key: 'stackName'; values: string[] };

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
    "Allow stacks owned by one of the given entity refs, such as the user and their groups: through the stack's owner tag, or as the owner of a catalog entity linked to the stack",
  resourceRef: pulumiStackPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        'Entity refs of owners, usually the ownership entity refs of the user',
      ),
  }),
  apply: (resource, { claims }) => {
    const wanted = new Set(claims.map(c => c.toLocaleLowerCase('en-US')));
    return resource.ownerRefs.some(owner => wanted.has(owner));
  },
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

const isStackNamed = createPermissionRule({
  name: 'IS_STACK_NAMED',
  description:
    "Allow stacks whose name, the last part of organization/project/stack, is one of the given names, ignoring case, such as 'prod'",
  resourceRef: pulumiStackPermissionResourceRef,
  paramsSchema: z.object({
    names: z.array(z.string()).describe('Stack names, such as prod'),
  }),
  apply: (resource, { names }) =>
    names.some(
      name =>
        name.toLocaleLowerCase('en-US') ===
        resource.stack.toLocaleLowerCase('en-US'),
    ),
  toQuery: ({ names }) => ({ key: 'stackName', values: names }),
});

/**
 * The permission rules of Pulumi stacks.
 *
 * @public
 */
export const pulumiStackPermissionRules = {
  isStackOwner,
  isInBackend,
  isStackNamed,
};

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
