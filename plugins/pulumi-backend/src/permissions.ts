import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import {
  pulumiDriftIgnorePermission,
  pulumiDriftRemediatePermission,
  pulumiStackApprovePermission,
  pulumiStackDestroyPermission,
  pulumiStackOperatePermission,
  pulumiStackReadPermission,
} from '@stackyard/plugin-pulumi-common';
import {
  pulumiStackPermissionResourceRef,
  pulumiStackPermissionRules,
} from '@stackyard/plugin-pulumi-node';
import { StackStore } from './database/StackStore';

/**
 * Registers the plugin's permissions with the permission framework: the stack resource type with its
 * permissions and rules, whose resources the stack store loads, and the basic ignore-rule permission.
 */
export function registerPermissions(
  registry: PermissionsRegistryService,
  stacks: StackStore,
): void {
  registry.addPermissions([pulumiDriftIgnorePermission]);
  registry.addResourceType({
    resourceRef: pulumiStackPermissionResourceRef,
    permissions: [
      pulumiStackReadPermission,
      pulumiStackOperatePermission,
      pulumiStackDestroyPermission,
      pulumiStackApprovePermission,
      pulumiDriftRemediatePermission,
    ],
    rules: Object.values(pulumiStackPermissionRules),
    getResources: refs => stacks.getPermissionResources(refs),
  });
}
