import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  pulumiDriftIgnorePermission,
  pulumiStackDestroyPermission,
  pulumiStackOperatePermission,
  pulumiStackReadPermission,
} from '@stackyard/plugin-pulumi-common';
import { PLATFORM_TEAM, StackyardDemoPolicy } from './permissionPolicy';

function user(...ownershipEntityRefs: string[]) {
  return {
    identity: {
      type: 'user' as const,
      userEntityRef: ownershipEntityRefs[0],
      ownershipEntityRefs,
    },
    info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
    token: 'token',
    credentials: {} as any,
  };
}

describe('StackyardDemoPolicy', () => {
  const policy = new StackyardDemoPolicy();
  const guest = user('user:default/guest', 'group:default/guests');

  it('lets everyone read stacks', async () => {
    expect(
      await policy.handle({ permission: pulumiStackReadPermission }, guest),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets users operate only the stacks their groups own', async () => {
    expect(
      await policy.handle({ permission: pulumiStackOperatePermission }, guest),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'pulumi',
      resourceType: 'pulumi-stack',
      conditions: {
        rule: 'IS_STACK_OWNER',
        resourceType: 'pulumi-stack',
        params: { claims: ['user:default/guest', 'group:default/guests'] },
      },
    });
  });

  it('lets users destroy only the non-production stacks their groups own', async () => {
    expect(
      await policy.handle({ permission: pulumiStackDestroyPermission }, guest),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'pulumi',
      resourceType: 'pulumi-stack',
      conditions: {
        allOf: [
          {
            rule: 'IS_STACK_OWNER',
            resourceType: 'pulumi-stack',
            params: { claims: ['user:default/guest', 'group:default/guests'] },
          },
          {
            not: {
              rule: 'IS_STACK_NAMED',
              resourceType: 'pulumi-stack',
              params: { names: ['prod', 'production'] },
            },
          },
        ],
      },
    });
  });

  it('lets only the platform team change drift ignore rules', async () => {
    expect(
      await policy.handle({ permission: pulumiDriftIgnorePermission }, guest),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy.handle(
        { permission: pulumiDriftIgnorePermission },
        user('user:default/pat', PLATFORM_TEAM),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
