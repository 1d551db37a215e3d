import type { EngineEvent } from '@pulumi/pulumi/automation';
import { EventRelay } from './eventRelay';
import { createRedactor } from './redact';

const say = (message: string, sequence: number): EngineEvent =>
  ({
    sequence,
    timestamp: 0,
    diagnosticEvent: { message, color: 'never', severity: 'info' },
  } as EngineEvent);

describe('EventRelay', () => {
  it('holds events back until the redactor is known, then passes them on redacted, in order', () => {
    const heard: EngineEvent[] = [];
    const relay = new EventRelay(e => heard.push(e));
    relay.push(say('first hunter2', 1));
    relay.push(say('second', 2));
    expect(heard).toEqual([]);

    relay.open(createRedactor(['hunter2']));
    relay.push(say('third hunter2', 3));

    expect(heard.map(e => e.diagnosticEvent?.message)).toEqual([
      'first [secret]',
      'second',
      'third [secret]',
    ]);
    expect(relay.delivered).toEqual(heard);
  });

  it('keeps passing events on when the listener throws', () => {
    const relay = new EventRelay(() => {
      throw new Error('listener broke');
    });
    relay.open(createRedactor([]));
    relay.push(say('one', 1));
    relay.push(say('two', 2));
    expect(relay.delivered).toHaveLength(2);
  });
});
