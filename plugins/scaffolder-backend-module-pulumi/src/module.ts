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
import {
  createTaskSecretsGuard,
  readTaskSecretMaxBytes,
} from './taskSecrets/taskSecretsGuard';

/**
 * Registers the `pulumi:*` scaffolder actions, and refuses task secrets too large for the scaffolder's
 * task log (`pulumi.taskSecrets.maxBytes`).
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
        httpRouter: coreServices.httpRouter,
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({ config, httpRouter, scaffolderActions }) {
        // A module starts before its plugin, so this comes before the scaffolder's own routes, and a
        // refused secret never reaches its task logger.
        httpRouter.use(
          createTaskSecretsGuard({ maxBytes: readTaskSecretMaxBytes(config) }),
        );
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
