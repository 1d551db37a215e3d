import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { PulumiEngineClient } from '@stackyard/plugin-pulumi-node';
import {
  pulumiPermissions,
  PulumiHealth,
} from '@stackyard/plugin-pulumi-common';
import { createRouter } from './service/router';

/**
 * The Pulumi backend plugin: stacks, runs and drift over the Pulumi Automation API.
 *
 * @public
 */
export const pulumiPlugin = createBackendPlugin({
  pluginId: 'pulumi',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ config, logger, httpRouter, permissionsRegistry }) {
        permissionsRegistry.addPermissions(pulumiPermissions);

        // A missing or mismatched engine must not take the whole Backstage backend down: the plugin
        // starts, reports the reason on its health route, and logs it once.
        let health: PulumiHealth;
        try {
          const client = await PulumiEngineClient.fromConfig(config);
          health = {
            status: 'ok',
            engine: { version: client.engine.version },
            backends: client.listBackends().map(b => b.id),
          };
          logger.info(
            `Pulumi engine v${client.engine.version} at ${
              client.engine.root
            }; backends: ${health.backends.join(', ') || 'none'}`,
          );
        } catch (error) {
          const message =
            error instanceof Error ? error.message : String(error);
          logger.error(`The Pulumi engine is unavailable: ${message}`);
          health = { status: 'unavailable', engine: { message }, backends: [] };
        }

        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.use(await createRouter({ health: () => health }));
      },
    });
  },
});
