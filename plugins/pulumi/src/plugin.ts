import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { pulumiApiRef, PulumiClient } from './api';
import { rootRouteRef, stackRouteRef } from './routes';

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
    stack: stackRouteRef,
  },
});

// The pages load lazily, each in a chunk named after it (webpackChunkName), so that the bundle's sizes
// (packages/app/bench/bundleSize.ts) and the browser's network panel show the plugin's code by name.

/**
 * The Pulumi page, mounted at `/pulumi` in the app: the stacks explorer, services, the drift dashboard
 * and a page per stack.
 *
 * @public
 */
export const PulumiPage = pulumiPlugin.provide(
  createRoutableExtension({
    name: 'PulumiPage',
    component: () =>
      import(
        /* webpackChunkName: "pulumi-page" */ './components/PulumiPage'
      ).then(m => m.PulumiPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The card of an entity's stacks, for entities with the `pulumi.com/project-slug` annotation.
 *
 * @public
 */
export const EntityPulumiStacksCard = pulumiPlugin.provide(
  createComponentExtension({
    name: 'EntityPulumiStacksCard',
    component: {
      lazy: () =>
        import(
          /* webpackChunkName: "pulumi-entity-card" */ './components/EntityPulumiStacksCard'
        ).then(m => m.EntityPulumiStacksCard),
    },
  }),
);

/**
 * The Pulumi tab of an entity: its stacks in full, with runs and drift.
 *
 * @public
 */
export const EntityPulumiContent = pulumiPlugin.provide(
  createComponentExtension({
    name: 'EntityPulumiContent',
    component: {
      lazy: () =>
        import(
          /* webpackChunkName: "pulumi-entity-content" */ './components/EntityPulumiContent'
        ).then(m => m.EntityPulumiContent),
    },
  }),
);
