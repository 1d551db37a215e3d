import type { EngineEvent } from '@pulumi/pulumi/automation';
import type { Redactor } from './redact';

/**
 * Passes an operation's events on, redacted, in the order the engine sent them. Until the redactor is
 * known they are held back: {@link EventRelay.open} passes on what was held, and everything after it
 * goes on as it comes.
 */
export class EventRelay {
  /** The events passed on so far, redacted. */
  readonly delivered: EngineEvent[] = [];
  private held: EngineEvent[] = [];
  private redactor?: Redactor;

  constructor(private readonly listener?: (event: EngineEvent) => void) {}

  push(event: EngineEvent): void {
    if (this.redactor) {
      this.deliver(this.redactor.redact(event));
    } else {
      this.held.push(event);
    }
  }

  open(redactor: Redactor): void {
    this.redactor = redactor;
    const held = this.held;
    this.held = [];
    for (const event of held) this.deliver(redactor.redact(event));
  }

  private deliver(event: EngineEvent): void {
    this.delivered.push(event);
    try {
      this.listener?.(event);
    } catch {
      // A failing listener must not break the engine's event stream, and with it the operation.
    }
  }
}
