import {
  createPermission,
  type Permission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of Pulumi stacks, for resource permissions.
 *
 * @public
 */
export const PULUMI_STACK_RESOURCE_TYPE = 'pulumi-stack';

/**
 * Read a stack: its summary, resources, outputs, history, runs and drift findings.
 *
 * @public
 */
export const pulumiStackReadPermission = createPermission({
  name: 'pulumi.stack.read',
  attributes: { action: 'read' },
  resourceType: PULUMI_STACK_RESOURCE_TYPE,
});

/**
 * Run operations on a stack: preview, refresh, up, destroy, cancel, and drift checks.
 *
 * @public
 */
export const pulumiStackOperatePermission = createPermission({
  name: 'pulumi.stack.operate',
  attributes: { action: 'update' },
  resourceType: PULUMI_STACK_RESOURCE_TYPE,
});

/**
 * Accept or restore drifted state.
 *
 * @public
 */
export const pulumiDriftRemediatePermission = createPermission({
  name: 'pulumi.drift.remediate',
  attributes: { action: 'update' },
  resourceType: PULUMI_STACK_RESOURCE_TYPE,
});

/**
 * Change drift ignore rules.
 *
 * @public
 */
export const pulumiDriftIgnorePermission = createPermission({
  name: 'pulumi.drift.ignore',
  attributes: { action: 'update' },
});

/**
 * Every permission of the Pulumi plugin.
 *
 * @public
 */
export const pulumiPermissions: Permission[] = [
  pulumiStackReadPermission,
  pulumiStackOperatePermission,
  pulumiDriftRemediatePermission,
  pulumiDriftIgnorePermission,
];
