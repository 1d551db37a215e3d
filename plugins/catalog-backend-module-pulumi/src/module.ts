import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { PulumiEngineClient } from '@stackyard/plugin-pulumi-node';
import { PulumiEntityProvider } from './provider/PulumiEntityProvider';

/**
 * Puts Pulumi stacks into the catalog.
 *
 * @public
 */
export const catalogModulePulumiEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'pulumi-entity-provider',
  register({ registerInit }) {
    registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        processing: catalogProcessingExtensionPoint,
      },
      async init({ logger, scheduler, config, processing }) {
        let client: Promise<PulumiEngineClient> | undefined;
        processing.addEntityProvider(
          PulumiEntityProvider.fromConfig(config, {
            logger,
            scheduler,
            client: () => {
              client ??= PulumiEngineClient.fromConfig(config).catch(error => {
                client = undefined;
                throw error;
              });
              return client;
            },
          }),
        );
      },
    });
  },
});
