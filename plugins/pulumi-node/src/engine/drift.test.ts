import type { EngineEvent } from '@pulumi/pulumi/automation';
import { diffProperties, driftFromEvents } from './drift';

function outputs(
  op: string,
  urn: string,
  old: Record<string, unknown>,
  now?: Record<string, unknown>,
): EngineEvent {
  return {
    sequence: 1,
    timestamp: 0,
    resOutputsEvent: {
      metadata: {
        op,
        urn,
        type: 'pulumi-nodejs:dynamic:Resource',
        provider: '',
        old: { outputs: old } as any,
        new: now ? ({ outputs: now } as any) : undefined,
      },
    },
  } as EngineEvent;
}

describe('diffProperties', () => {
  it('names nested and array paths that differ, and nothing else', () => {
    expect(
      diffProperties(
        {
          a: 1,
          tags: { team: 'x', keep: 'y' },
          list: [1, 2],
          secret: '[secret]',
        },
        { a: 1, tags: { team: 'z', keep: 'y' }, list: [1], secret: '[secret]' },
      ),
    ).toEqual([
      { path: 'list[1]', expected: 2, actual: undefined },
      { path: 'tags.team', expected: 'x', actual: 'z' },
    ]);
  });
});

describe('driftFromEvents', () => {
  it('reports changed and deleted resources and skips unchanged ones and the stack', () => {
    const drift = driftFromEvents([
      outputs('same', 'urn:a', { v: 1 }, { v: 1 }),
      outputs('update', 'urn:b', { content: 'hello' }, { content: 'tampered' }),
      outputs('delete', 'urn:c', { v: 1 }),
      {
        ...outputs('update', 'urn:s', {}, {}),
        resOutputsEvent: {
          metadata: {
            op: 'update',
            urn: 'urn:s',
            type: 'pulumi:pulumi:Stack',
            provider: '',
          },
        },
      } as EngineEvent,
    ]);
    expect(drift).toEqual([
      {
        urn: 'urn:b',
        type: 'pulumi-nodejs:dynamic:Resource',
        kind: 'changed',
        properties: [
          { path: 'content', expected: 'hello', actual: 'tampered' },
        ],
      },
      {
        urn: 'urn:c',
        type: 'pulumi-nodejs:dynamic:Resource',
        kind: 'deleted',
        properties: [],
      },
    ]);
  });
});
