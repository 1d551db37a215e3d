import { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { DriftStatus, PulumiStack } from '@stackyard/plugin-pulumi-common';
import { stackLink } from '../util/notifyEntities';

/**
 * Tells the owners of a stack's catalog entities when it turns drifted, and when it is back in sync.
 * Other changes of status (to or from unknown or error) and repeated checks send nothing.
 */
export class DriftNotifier {
  constructor(
    private readonly options: {
      notifications?: NotificationService;
      logger: LoggerService;
      /** The owners of the entities linked to a stack. */
      ownersOf: (stackRef: string) => Promise<string[]>;
    },
  ) {}

  async statusChanged(
    stack: Pick<PulumiStack, 'ref' | 'backendId' | 'project' | 'stack'>,
    from: DriftStatus,
    to: DriftStatus,
    drifted: number,
  ): Promise<boolean> {
    let turned: 'drifted' | 'in_sync' | undefined;
    if (from === 'in_sync' && to === 'drifted') turned = 'drifted';
    if (from === 'drifted' && to === 'in_sync') turned = 'in_sync';
    const { notifications, logger, ownersOf } = this.options;
    if (!turned || !notifications) {
      return false;
    }
    const owners = await ownersOf(stack.ref);
    if (owners.length === 0) {
      logger.info(
        `${stack.ref} is ${turned}; no catalog entity owns it, so nobody is notified`,
      );
      return false;
    }
    const name = `${stack.project}/${stack.stack}`;
    await notifications.send({
      recipients: { type: 'entity', entityRef: owners },
      payload:
        turned === 'drifted'
          ? {
              title: `Pulumi stack ${name} has drifted`,
              description: `${drifted} resource${
                drifted === 1 ? '' : 's'
              } of ${name} (backend ${
                stack.backendId
              }) no longer match the stack's state.`,
              link: stackLink(stack, 'drift'),
              severity: 'high',
              topic: `pulumi-drift:${stack.ref}`,
            }
          : {
              title: `Pulumi stack ${name} is back in sync`,
              description: `The resources of ${name} (backend ${stack.backendId}) match the stack's state again.`,
              link: stackLink(stack, 'drift'),
              severity: 'normal',
              topic: `pulumi-drift:${stack.ref}`,
            },
    });
    return true;
  }
}
