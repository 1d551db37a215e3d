import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { PulumiProvider } from './provider/PulumiProvider';

export const catalogModulePulumi = createBackendModule({
  moduleId: 'pulumi-provider',
  pluginId: 'catalog',
  register({ registerInit }) {
    registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        processing: catalogProcessingExtensionPoint,
      },
      async init({ logger, scheduler, config, processing }) {
        processing.addEntityProvider(
          PulumiProvider.fromConfig(config, {
            logger,
            scheduler,
          }),
        );
      }
    });
  },
})
