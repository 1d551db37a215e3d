import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { PulumiEngineClient } from '@stackyard/plugin-pulumi-node';
import { createPulumiConfigSetAction } from './actions/configSet';
import { createPulumiDestroyAction } from './actions/destroy';
import { createPulumiNewAction } from './actions/new';
import { createPulumiOutputsAction } from './actions/outputs';
import { createPulumiPreviewAction } from './actions/preview';
import { createPulumiProjectPublishAction } from './actions/publish';
import { createPulumiUpAction } from './actions/up';

/**
 * Registers the `pulumi:*` scaffolder actions.
 *
 * @public
 */
export const scaffolderModulePulumi = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'pulumi',
  register({ registerInit }) {
    registerInit({
      deps: {
        config: coreServices.rootConfig,
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({ config, scaffolderActions }) {
        // The engine is located when an action first needs it, so that a missing engine fails that
        // action with its reason instead of the scaffolder's start-up.
        let client: Promise<PulumiEngineClient> | undefined;
        const getClient = () => {
          client ??= PulumiEngineClient.fromConfig(config).catch(error => {
            client = undefined;
            throw error;
          });
          return client;
        };
        scaffolderActions.addActions(
          createPulumiNewAction({ engine: getClient, config }),
          createPulumiConfigSetAction({ engine: getClient }),
          createPulumiPreviewAction({ engine: getClient, config }),
          createPulumiUpAction({ engine: getClient, config }),
          createPulumiDestroyAction({ engine: getClient }),
          createPulumiOutputsAction({ client: getClient }),
          createPulumiProjectPublishAction({ config }),
        );
      },
    });
  },
});
