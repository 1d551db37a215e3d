import { LoggerService } from '@backstage/backend-plugin-api';
import type { EngineEvent } from '@pulumi/pulumi/automation';
import {
  policyViolationLine,
  type OperationResult,
} from '@stackyard/plugin-pulumi-node';

/**
 * What a step of a preview or an update does to one resource.
 *
 * @public
 */
export interface PulumiStep {
  op: string;
  urn: string;
  type: string;
}

/**
 * Streams engine events to the task log as progress lines, and collects the steps. The events come from
 * the engine wrapper with secrets already removed.
 */
export function engineProgress(logger: LoggerService) {
  const steps: PulumiStep[] = [];
  const onEvent = (event: EngineEvent) => {
    const pre = event.resourcePreEvent?.metadata;
    if (pre) {
      if (pre.op !== 'same') {
        steps.push({ op: pre.op, urn: pre.urn, type: pre.type });
      }
      // A preview's steps are plans, which the log says as such.
      const verb = event.resourcePreEvent?.planning
        ? `plan: ${pre.op}`
        : pre.op;
      logger.info(`${verb} ${pre.type} ${pre.urn.split('::').pop()}`);
    }
    const done = event.resOutputsEvent?.metadata;
    if (done && done.op !== 'same' && !event.resOutputsEvent?.planning) {
      logger.info(`done: ${done.op} ${done.urn.split('::').pop()}`);
    }
    const failed = event.resOpFailedEvent?.metadata;
    if (failed) {
      logger.error(`failed: ${failed.op} ${failed.urn.split('::').pop()}`);
    }
    const diagnostic = event.diagnosticEvent;
    if (diagnostic) {
      const message = diagnostic.message.trim();
      if (message) {
        if (diagnostic.severity === 'error') logger.error(message);
        else if (diagnostic.severity === 'warning') logger.warn(message);
        else logger.info(message);
      }
    }
    const policy = event.policyEvent;
    if (policy) {
      const line = `policy ${policyViolationLine(policy)}`;
      if (policy.enforcementLevel === 'mandatory') logger.error(line);
      else logger.warn(line);
    }
  };
  return { steps, onEvent };
}

/** Fails the action with the engine's own message when an operation did not succeed. */
export function assertSucceeded(
  what: string,
  result: OperationResult,
): OperationResult {
  if (result.status === 'cancelled') {
    throw new Error(`${what} was cancelled`);
  }
  if (result.status !== 'succeeded') {
    throw new Error(`${what} failed: ${result.message ?? 'see the log'}`);
  }
  return result;
}
