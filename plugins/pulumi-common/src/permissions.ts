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
 * Operate a stack: preview, refresh, up, cancel a run, and check drift. Every run needs it; a destroy
 * also needs {@link pulumiStackDestroyPermission}, and a remediation {@link pulumiDriftRemediatePermission},
 * so that each of those can only narrow what this one allows.
 *
 * @public
 */
export const pulumiStackOperatePermission = createPermission({
  name: 'pulumi.stack.operate',
  attributes: { action: 'update' },
  resourceType: PULUMI_STACK_RESOURCE_TYPE,
});

/**
 * Destroy a stack's resources. A destroy is also an operation: it needs
 * {@link pulumiStackOperatePermission} as well.
 *
 * @public
 */
export const pulumiStackDestroyPermission = createPermission({
  name: 'pulumi.stack.destroy',
  attributes: { action: 'delete' },
  resourceType: PULUMI_STACK_RESOURCE_TYPE,
});

/**
 * Approve or reject the plan of an `up` or `destroy` on a protected stack. Whatever the policy allows,
 * the user who asked for a run never decides its approval.
 *
 * @public
 */
export const pulumiStackApprovePermission = createPermission({
  name: 'pulumi.stack.approve',
  attributes: { action: 'update' },
  resourceType: PULUMI_STACK_RESOURCE_TYPE,
});

/**
 * Remediate drift from the drift report: accept (a refresh) or restore (an up of the code). A remediation
 * is also an operation: it needs {@link pulumiStackOperatePermission} as well, so that this permission
 * never lets anyone run an up or refresh that operate refuses.
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
  pulumiStackDestroyPermission,
  pulumiStackApprovePermission,
  pulumiDriftRemediatePermission,
  pulumiDriftIgnorePermission,
];
