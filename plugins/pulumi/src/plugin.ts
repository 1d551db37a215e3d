import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { pulumiApiRef, PulumiClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The Pulumi frontend plugin, for apps on the legacy frontend system.
 *
 * @public
 */
export const pulumiPlugin = createPlugin({
  id: 'pulumi',
  apis: [
    createApiFactory({
      api: pulumiApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PulumiClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The Pulumi page, mounted at `/pulumi` in the app.
 *
 * @public
 */
export const PulumiPage = pulumiPlugin.provide(
  createRoutableExtension({
    name: 'PulumiPage',
    component: () => import('./components/PulumiPage').then(m => m.PulumiPage),
    mountPoint: rootRouteRef,
  }),
);
