import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The Pulumi page, `/pulumi` in the demo app. */
export const rootRouteRef = createRouteRef({
  id: 'pulumi',
});

/** One stack's page; the catalog's stack entities link here. */
export const stackRouteRef = createSubRouteRef({
  id: 'pulumi/stack',
  parent: rootRouteRef,
  path: '/stacks/:backendId/:project/:stack',
});
