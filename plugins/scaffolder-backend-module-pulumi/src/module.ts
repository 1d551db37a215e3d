import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  PulumiApiCaller,
  PulumiEngineClient,
  readProtectedStacks,
  StackProtection,
} from '@stackyard/plugin-pulumi-node';
import { ApprovalGate } from './actions/approvedRun';
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

/** How often a step that waits for an approval asks whether its plan was decided on. */
const APPROVAL_POLL_MS = 2000;

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
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({ config, httpRouter, auth, discovery, scaffolderActions }) {
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
        // Protected stacks' ups and destroys wait for an approval in the Pulumi plugin, as its own do.
        const approvals: ApprovalGate = {
          protection: new StackProtection({
            protectedStacks: readProtectedStacks(config),
            engine: getClient,
          }),
          api: new PulumiApiCaller({ auth, discovery }),
          pollIntervalMs: APPROVAL_POLL_MS,
        };
        scaffolderActions.addActions(
          createPulumiNewAction({ engine: getClient, config }),
          createPulumiConfigSetAction({ engine: getClient }),
          createPulumiPreviewAction({ engine: getClient, config }),
          createPulumiUpAction({ engine: getClient, config, approvals }),
          createPulumiDestroyAction({ engine: getClient, approvals }),
          createPulumiOutputsAction({ client: getClient }),
          createPulumiProjectPublishAction({ config }),
        );
      },
    });
  },
});
