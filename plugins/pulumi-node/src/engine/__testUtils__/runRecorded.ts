import type { EngineEvent } from '@pulumi/pulumi/automation';
import type { DriftedResource } from '../driftTypes';
import type { PulumiEngineClient } from '../PulumiEngineClient';
import type { OperationRequest } from '../types';

/**
 * Runs one operation through the client and expects it to succeed. Its result and every event it sent go
 * into `seen`, for the tests' final check that no secret came out. Resolves to its drift findings.
 */
export async function runRecorded(
  client: PulumiEngineClient,
  request: Omit<OperationRequest, 'onEvent'>,
  seen: unknown[],
): Promise<DriftedResource[]> {
  const events: EngineEvent[] = [];
  const result = await client.runOperation({
    ...request,
    onEvent: e => events.push(e),
  });
  seen.push(result, events);
  expect(result).toMatchObject({ kind: request.kind, status: 'succeeded' });
  return result.drift ?? [];
}
