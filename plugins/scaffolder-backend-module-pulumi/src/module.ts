import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { PulumiEngineClient } from '@stackyard/plugin-pulumi-node';
import { createPulumiOutputsAction } from './actions/outputs';

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
          createPulumiOutputsAction({ client: getClient }),
        );
      },
    });
  },
});
