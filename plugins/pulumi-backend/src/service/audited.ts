import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/** An auditor event as the API's routes record one. */
export interface AuditedEvent {
  eventId: string;
  severityLevel: 'low' | 'medium' | 'high' | 'critical';
  request: Request;
  meta?: JsonObject;
}

/**
 * Does `work` inside the auditor event `event`: the event succeeds, with what `metaOf` says of the result,
 * and the result is returned; or it fails with the error `work` throws, which is thrown on.
 */
export async function audited<T>(
  auditor: AuditorService,
  event: AuditedEvent,
  work: () => Promise<T>,
  metaOf?: (result: T) => JsonObject,
): Promise<T> {
  const audit = await auditor.createEvent(event);
  try {
    const result = await work();
    await audit.success(metaOf ? { meta: metaOf(result) } : undefined);
    return result;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}
