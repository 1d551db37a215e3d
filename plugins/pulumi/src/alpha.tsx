/**
 * The Stackyard Pulumi plugin for the new frontend system.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';
import { pulumiApiRef, PulumiClient } from './api';
import { isPulumiAvailable } from './components/common/useEntityStacks';
import { rootRouteRef, stackRouteRef } from './routes';

/**
 * The client of Stackyard's backend.
 *
 * @alpha
 */
export const pulumiApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pulumiApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PulumiClient({ discoveryApi, fetchApi }),
    }),
});

// Lazy pages in named chunks, as in plugin.ts.

/**
 * The Pulumi page at `/pulumi`: stacks, services, drift, the usage registry, and a page per stack.
 *
 * @alpha
 */
export const pulumiPage = PageBlueprint.make({
  params: {
    path: '/pulumi',
    routeRef: rootRouteRef,
    title: 'Pulumi',
    icon: <CloudQueueIcon />,
    // The page has its own header, with the engine's version and the tabs.
    noHeader: true,
    loader: () =>
      import(
        /* webpackChunkName: "pulumi-page" */ './components/PulumiPage'
      ).then(m => <m.PulumiPage />),
  },
});

/**
 * The card of an entity's stacks; only on entities with the `pulumi.com/project-slug` annotation.
 *
 * @alpha
 */
export const pulumiEntityStacksCard = EntityCardBlueprint.make({
  name: 'stacks',
  params: {
    filter: isPulumiAvailable,
    loader: () =>
      import(
        /* webpackChunkName: "pulumi-entity-card" */ './components/EntityPulumiStacksCard'
      ).then(m => <m.EntityPulumiStacksCard />),
  },
});

/**
 * The Pulumi tab of an entity; only on entities with the `pulumi.com/project-slug` annotation.
 *
 * @alpha
 */
export const pulumiEntityContent = EntityContentBlueprint.make({
  name: 'stacks',
  params: {
    path: '/pulumi',
    title: 'Pulumi',
    group: 'deployment',
    filter: isPulumiAvailable,
    loader: () =>
      import(
        /* webpackChunkName: "pulumi-entity-content" */ './components/EntityPulumiContent'
      ).then(m => <m.EntityPulumiContent />),
  },
});

/**
 * The Pulumi plugin: its API, page, entity card and entity tab.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'pulumi',
  title: 'Pulumi',
  icon: <CloudQueueIcon />,
  routes: { root: rootRouteRef, stack: stackRouteRef },
  extensions: [
    pulumiApi,
    pulumiPage,
    pulumiEntityStacksCard,
    pulumiEntityContent,
  ],
});
