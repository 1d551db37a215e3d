import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { PulumiEngineClient } from '@stackyard/plugin-pulumi-node';
import { PulumiEntityProvider } from './provider/PulumiEntityProvider';
import { PulumiTemplateEntityProvider } from './templates/PulumiTemplateEntityProvider';

/**
 * Puts Pulumi stacks into the catalog, with one entity provider per state backend of `pulumi.backends`,
 * and a generated `Template` for each Pulumi template of `pulumi.templates`.
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
        // The engine is found on first use, and looked for again after a failure, so that a missing engine
        // fails each refresh (and keeps the entities) instead of the catalog's start-up.
        let engine: Promise<PulumiEngineClient> | undefined;
        processing.addEntityProvider(
          PulumiEntityProvider.fromConfig(config, {
            logger,
            scheduler,
            engine: () => {
              engine ??= PulumiEngineClient.fromConfig(config).catch(error => {
                engine = undefined;
                throw error;
              });
              return engine;
            },
          }),
        );
        processing.addEntityProvider(
          PulumiTemplateEntityProvider.fromConfig(config, {
            logger,
            scheduler,
          }),
        );
      },
    });
  },
});
