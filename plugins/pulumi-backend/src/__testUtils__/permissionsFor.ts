import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * A permissions service for a test backend that asks `allows` about each permission and user (the
 * caller's user entity ref, undefined for a service). Conditional decisions allow everything, unless
 * `conditionsFor` gives a user's conditions (of the Pulumi stack rules), which the plugin then applies.
 */
export function permissionsFor(
  allows: (permission: string, user: string | undefined) => boolean,
  conditionsFor: (user: string | undefined) => object | undefined = () =>
    undefined,
) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      async authorize(requests: any[], options: any) {
        const user = options?.credentials?.principal?.userEntityRef;
        return requests.map(r => ({
          result: allows(r.permission.name, user)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        })) as any;
      },
      async authorizeConditional(requests: any[], options: any) {
        const conditions = conditionsFor(
          options?.credentials?.principal?.userEntityRef,
        );
        return requests.map(() =>
          conditions
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'pulumi',
                resourceType: 'pulumi-stack',
                conditions,
              }
            : { result: AuthorizeResult.ALLOW },
        ) as any;
      },
    }),
  });
}
