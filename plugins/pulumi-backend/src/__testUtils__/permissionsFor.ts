import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * A permissions service for a test backend that asks `allows` about each permission and user (the
 * caller's user entity ref, undefined for a service); conditional decisions allow everything.
 */
export function permissionsFor(
  allows: (permission: string, user: string | undefined) => boolean,
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
      async authorizeConditional(requests: any[]) {
        return requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any;
      },
    }),
  });
}
