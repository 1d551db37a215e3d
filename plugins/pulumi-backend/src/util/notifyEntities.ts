import { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';

/** What a notification of the plugin says, and where it leads. */
export interface PulumiNotification {
  title: string;
  description: string;
  severity: 'normal' | 'high';
  /** A path in the app, such as a stack's page. */
  link: string;
  /** Notifications of one topic replace each other in a user's list. */
  topic: string;
}

/**
 * Sends a notification to catalog entities, those that are not entities (`service:…`, `stackyard:…`)
 * left out. Without a notification service, or anyone to tell, it sends nothing; a failure to send is
 * logged, never thrown: what it tells of has happened anyway.
 */
export async function notifyEntities(
  notifications: NotificationService | undefined,
  logger: LoggerService,
  recipients: string[],
  payload: PulumiNotification,
): Promise<void> {
  const entityRef = recipients.filter(
    r => /^[a-z]+:/i.test(r) && !/^(service|stackyard):/.test(r),
  );
  if (!notifications || entityRef.length === 0) return;
  try {
    await notifications.send({
      recipients: { type: 'entity', entityRef },
      payload,
    });
  } catch (error) {
    logger.warn(`Could not send the notification "${payload.title}": ${error}`);
  }
}

/** The path of a stack's page in the app, at one of its sections when named. */
export function stackLink(
  stack: { backendId: string; project: string; stack: string },
  section?: string,
): string {
  return `/pulumi/stacks/${[stack.backendId, stack.project, stack.stack]
    .map(encodeURIComponent)
    .join('/')}${section ? `/${section}` : ''}`;
}
