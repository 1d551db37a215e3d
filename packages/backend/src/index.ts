import { createBackend } from '@backstage/backend-defaults';
import { pulumiProjectStoreUrlReader } from '@stackyard/plugin-catalog-backend-module-pulumi';
import { pulumiModuleDemoSeed } from './modules/demoSeed';
import { permissionModuleStackyardPolicy } from './modules/permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// Stackyard's demo policy: read everything, operate the stacks your team owns.
backend.add(permissionModuleStackyardPolicy);

// search plugin, with the in-memory Lunr engine and the catalog collator
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// user settings, notifications and signals
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@stackyard/plugin-pulumi-backend'));
// The actions of the plugins in backend.actions.pluginSources (pulumi's among them), served to AI clients
// over MCP at /api/mcp-actions/v1.
backend.add(import('@backstage/plugin-mcp-actions-backend'));
backend.add(pulumiModuleDemoSeed);
backend.add(import('@stackyard/plugin-catalog-backend-module-pulumi'));
backend.add(import('@stackyard/plugin-scaffolder-backend-module-pulumi'));
// The catalog reads the projects that templates publish to the project store (pulumi.projectStore).
backend.add(pulumiProjectStoreUrlReader);
backend.start();
