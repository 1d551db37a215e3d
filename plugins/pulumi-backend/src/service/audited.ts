import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';
import type { Access } from './access';

/** A change that the API makes for a caller, recorded as an auditor event. */
export interface AuditedChange<T> {
  eventId: string;
  severityLevel: 'low' | 'medium' | 'high' | 'critical';
  meta: JsonObject;
  credentials: BackstageCredentials;
  /** What the caller must be allowed, on `resourceRef` when one is named. */
  permission: ResourcePermission | BasicPermission | ResourcePermission[];
  resourceRef?: string;
  /** The change itself, done once the caller is authorized. */
  work: () => Promise<T>;
  /** What the event's success records of the result. */
  metaOf?: (result: T) => JsonObject;
}

/**
 * Authorizes and makes `change` inside its auditor event: the event succeeds, with what `metaOf` says of
 * the result, and the result is returned; or it fails, a refusal included, with the error thrown, which is
 * thrown on.
 */
export async function auditedChange<T>(
  context: { auditor: AuditorService; access: Access },
  request: Request,
  change: AuditedChange<T>,
): Promise<T> {
  const { eventId, severityLevel, meta } = change;
  const audit = await context.auditor.createEvent({
    eventId,
    severityLevel,
    request,
    meta,
  });
  try {
    await context.access.authorize(
      change.credentials,
      change.permission,
      change.resourceRef,
    );
    const result = await change.work();
    await audit.success(
      change.metaOf ? { meta: change.metaOf(result) } : undefined,
    );
    return result;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}
