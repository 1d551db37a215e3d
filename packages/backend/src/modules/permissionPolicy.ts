import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  pulumiDriftIgnorePermission,
  pulumiDriftRemediatePermission,
  pulumiStackApprovePermission,
  pulumiStackDestroyPermission,
  pulumiStackOperatePermission,
} from '@stackyard/plugin-pulumi-common';
import {
  createPulumiStackConditionalDecision,
  pulumiStackConditions,
} from '@stackyard/plugin-pulumi-node';

/** The group whose members manage drift ignore rules in the demo. */
export const PLATFORM_TEAM = 'group:default/platform-team';

/** The stack names that the demo treats as production. */
export const PRODUCTION_STACKS = ['prod', 'production'];

/**
 * The demo's permission policy. Everyone may read every stack; a user may operate, remediate and approve
 * the plans of only the stacks that they or one of their groups own (never a plan they asked for: the
 * backend refuses that whatever the policy says) (by the stack's owner tag or a linked catalog entity),
 * and destroy only those of them that are not production; only the platform team may change drift
 * ignore rules. Everything outside Stackyard is allowed.
 */
export class StackyardDemoPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (
      isPermission(request.permission, pulumiStackOperatePermission) ||
      isPermission(request.permission, pulumiDriftRemediatePermission) ||
      isPermission(request.permission, pulumiStackApprovePermission)
    ) {
      return createPulumiStackConditionalDecision(
        request.permission,
        pulumiStackConditions.isStackOwner({ claims }),
      );
    }
    if (isPermission(request.permission, pulumiStackDestroyPermission)) {
      return createPulumiStackConditionalDecision(request.permission, {
        allOf: [
          pulumiStackConditions.isStackOwner({ claims }),
          {
            not: pulumiStackConditions.isStackNamed({
              names: PRODUCTION_STACKS,
            }),
          },
        ],
      });
    }
    if (isPermission(request.permission, pulumiDriftIgnorePermission)) {
      return {
        result: claims.includes(PLATFORM_TEAM)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link StackyardDemoPolicy} as the permission backend's policy. */
export const permissionModuleStackyardPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'stackyard-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new StackyardDemoPolicy());
      },
    });
  },
});
