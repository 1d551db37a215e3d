import type { EngineEvent } from '@pulumi/pulumi/automation';
import { driftFromEvents } from './drift';
import { diffProperties } from './driftProperties';
import { SECRET_SIGNATURE_KEY } from './redact';

const FILE_TYPE = 'pulumi-nodejs:dynamic/stackyard:LocalFile';
const urn = (name: string, type = FILE_TYPE) =>
  `urn:pulumi:dev::files::${type}::${name}`;
// How the engine masks a secret in its events.
const masked = {
  [SECRET_SIGNATURE_KEY]: '1b47061264138c4ac30d75fd1eb44270',
  ciphertext: '[secret]',
};

/** A resource's inputs and outputs in one state of a step. */
interface State {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** A `resOutputsEvent` as the engine sends it; `undefined` states are left out. */
function stepOf(
  op: string,
  name: string,
  old?: State,
  now?: State,
  type = FILE_TYPE,
): EngineEvent {
  // Dynamic providers keep their serialized code among the inputs and outputs.
  const state = ({ inputs, outputs }: State) => ({
    type,
    urn: urn(name, type),
    id: name,
    parent: '',
    provider: '',
    inputs: { __provider: 'exports.handler = __f0;', ...inputs },
    outputs: { __provider: 'exports.handler = __f0;', ...outputs },
  });
  return {
    sequence: 1,
    timestamp: 0,
    resOutputsEvent: {
      metadata: {
        op: op as 'update',
        urn: urn(name, type),
        type,
        provider: '',
        ...(old ? { old: state(old) } : {}),
        ...(now ? { new: state(now) } : {}),
      },
    },
  };
}

/** A step whose states' inputs are their outputs. */
function step(
  op: string,
  name: string,
  old?: Record<string, unknown>,
  now?: Record<string, unknown>,
  type = FILE_TYPE,
): EngineEvent {
  const both = (values?: Record<string, unknown>) =>
    values && { inputs: values, outputs: values };
  return stepOf(op, name, both(old), both(now), type);
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

describe('driftFromEvents in mode refresh', () => {
  it('reports changed and deleted resources and skips unchanged ones, the stack and providers', () => {
    const drift = driftFromEvents(
      [
        step('same', 'a', { v: 1 }, { v: 1 }),
        step('update', 'b', { content: 'hello' }, { content: 'tampered' }),
        step('delete', 'c', { v: 1 }),
        step('update', 'files-dev', { x: 1 }, { x: 2 }, 'pulumi:pulumi:Stack'),
        step(
          'update',
          'default',
          { x: 1 },
          { x: 2 },
          'pulumi:providers:pulumi-nodejs',
        ),
        // Program steps do not happen in a refresh; if one came, it would not be drift.
        step('create', 'd', undefined, { v: 1 }),
      ],
      { mode: 'refresh' },
    );
    expect(drift).toEqual([
      {
        urn: urn('b'),
        type: FILE_TYPE,
        name: 'b',
        kind: 'changed',
        source: 'outside',
        properties: [
          { path: 'content', expected: 'hello', actual: 'tampered' },
        ],
      },
      {
        urn: urn('c'),
        type: FILE_TYPE,
        name: 'c',
        kind: 'deleted',
        source: 'outside',
        properties: [],
      },
    ]);
  });

  it('shows a changed secret as changed, with its value hidden', () => {
    const plaintext = {
      [SECRET_SIGNATURE_KEY]: '1b47061264138c4ac30d75fd1eb44270',
      plaintext: '"hunter2-plain"',
    };
    const drift = driftFromEvents(
      [
        step(
          'update',
          'secret',
          { content: masked, path: 'a', nested: { token: '[secret]' } },
          { content: plaintext, path: 'a', nested: { token: '[secret]' } },
        ),
      ],
      { mode: 'refresh' },
    );
    expect(drift).toEqual([
      expect.objectContaining({
        name: 'secret',
        kind: 'changed',
        properties: [
          { path: 'content', expected: '[secret]', actual: '[secret]' },
          { path: 'nested.token', expected: '[secret]', actual: '[secret]' },
        ],
      }),
    ]);
    expect(JSON.stringify(drift)).not.toContain('hunter2');
  });

  it('lists only the visible properties when some differ', () => {
    const [finding] = driftFromEvents(
      [
        step(
          'update',
          'secret',
          { content: masked, path: 'a' },
          { content: masked, path: 'b' },
        ),
      ],
      { mode: 'refresh' },
    );
    expect(finding.properties).toEqual([
      { path: 'path', expected: 'a', actual: 'b' },
    ]);
  });

  describe('when the outputs match the real resource and the inputs do not', () => {
    // After an accepting refresh by a provider whose read returns no inputs: the state's outputs are the
    // real values, its inputs the code's, and the engine reports an update with the same outputs.
    const accepted = (inputs: object, outputs: object) => {
      const state = {
        inputs: { path: 'p', ...inputs },
        outputs: { path: 'p', ...outputs },
      };
      return stepOf('update', 'doc', state, state);
    };

    it('names the inputs that differ from the real values, and no unchanged secret', () => {
      const [finding] = driftFromEvents(
        [
          accepted(
            { ports: [8080, 8443, 9090], apiKey: masked },
            { ports: [8080, 9443, 9090], apiKey: masked },
          ),
        ],
        { mode: 'refresh' },
      );
      expect(finding).toMatchObject({ kind: 'changed', source: 'outside' });
      expect(finding.properties).toEqual([
        { path: 'ports[1]', expected: 8443, actual: 9443, source: 'inputs' },
      ]);
    });

    it('names a secret input only when the state holds it differently in its outputs', () => {
      const [finding] = driftFromEvents(
        [
          accepted(
            { apiKey: masked, content: masked, tags: { token: masked } },
            { apiKey: masked, content: masked, tags: { token: masked } },
          ),
        ],
        {
          mode: 'refresh',
          secretInputDiffs: new Map([
            [urn('doc'), new Set(['content', 'tags.token'])],
            [urn('other'), new Set(['apiKey'])],
          ]),
        },
      );
      expect(finding.properties).toEqual([
        {
          path: 'content',
          expected: '[secret]',
          actual: '[secret]',
          source: 'inputs',
        },
        {
          path: 'tags.token',
          expected: '[secret]',
          actual: '[secret]',
          source: 'inputs',
        },
      ]);
    });

    it('compares only the inputs that the outputs also have', () => {
      const [finding] = driftFromEvents(
        [accepted({ dir: '/tmp', content: 'a' }, { content: 'b' })],
        { mode: 'refresh' },
      );
      expect(finding.properties).toEqual([
        { path: 'content', expected: 'a', actual: 'b', source: 'inputs' },
      ]);
    });

    it("uses the state's secrets only while the step's inputs are the state's", () => {
      // A provider whose read returns inputs gives new ones, which the state's plaintexts do not know.
      const [finding] = driftFromEvents(
        [
          stepOf(
            'update',
            'doc',
            {
              inputs: { content: masked, tag: 'a' },
              outputs: { content: masked, tag: 'b' },
            },
            {
              inputs: { content: masked, tag: 'b' },
              outputs: { content: masked, tag: 'b' },
            },
          ),
        ],
        {
          mode: 'refresh',
          secretInputDiffs: new Map([[urn('doc'), new Set(['content'])]]),
        },
      );
      expect(finding.properties).toEqual([
        { path: 'content', expected: '[secret]', actual: '[secret]' },
      ]);
    });
  });

  it('names a resource by the whole name part of its URN', () => {
    const [finding] = driftFromEvents([step('delete', 'odd::name', { v: 1 })], {
      mode: 'refresh',
    });
    expect(finding.name).toBe('odd::name');
  });
});

describe('driftFromEvents in mode program', () => {
  it('reads the refresh steps for drift made outside Pulumi', () => {
    const drift = driftFromEvents(
      [
        step('refresh', 'same', { v: 1 }, { v: 1 }),
        step('refresh', 'index', { content: 'hello' }, { content: 'edited' }),
        step('refresh', 'about', { content: 'about' }),
        // A masked secret cannot show a refresh step's change.
        step('refresh', 'secret', { content: masked }, { content: masked }),
      ],
      { mode: 'program' },
    );
    expect(drift).toEqual([
      expect.objectContaining({
        name: 'index',
        kind: 'changed',
        source: 'outside',
        properties: [{ path: 'content', expected: 'hello', actual: 'edited' }],
      }),
      expect.objectContaining({
        name: 'about',
        kind: 'deleted',
        source: 'outside',
        properties: [],
      }),
    ]);
  });

  it('reports the steps of undeployed code, with what they would change', () => {
    const drift = driftFromEvents(
      [
        step('refresh', 'index', { content: 'hello' }, { content: 'hello' }),
        step('refresh', 'old', { v: 1 }, { v: 1 }),
        step('refresh', 'moved', { path: 'a' }, { path: 'a' }),
        step('same', 'kept', { v: 1 }, { v: 1 }),
        step('update', 'index', { content: 'hello' }, { content: 'newcode' }),
        step('create', 'new', undefined, { content: 'fresh' }),
        step('delete', 'old', { v: 1 }),
        step('delete-replaced', 'moved', { path: 'a' }),
        step('replace', 'moved', { path: 'a' }, { path: 'b' }),
        step('create-replacement', 'moved', { path: 'a' }, { path: 'b' }),
        step(
          'update',
          'default',
          { 'files:content': 'hello' },
          { 'files:content': 'newcode' },
          'pulumi:providers:pulumi-nodejs',
        ),
      ],
      { mode: 'program' },
    );
    expect(drift).toEqual([
      {
        urn: urn('index'),
        type: FILE_TYPE,
        name: 'index',
        kind: 'undeployed',
        source: 'code',
        operation: 'update',
        properties: [{ path: 'content', expected: 'hello', actual: 'newcode' }],
      },
      expect.objectContaining({
        name: 'new',
        source: 'code',
        operation: 'create',
        properties: [{ path: 'content', expected: undefined, actual: 'fresh' }],
      }),
      expect.objectContaining({
        name: 'old',
        source: 'code',
        operation: 'delete',
        properties: [],
      }),
      expect.objectContaining({
        name: 'moved',
        source: 'code',
        operation: 'replace',
        properties: [{ path: 'path', expected: 'a', actual: 'b' }],
      }),
    ]);
  });

  it('does not report again the steps that only undo drift made outside Pulumi', () => {
    const drift = driftFromEvents(
      [
        step('refresh', 'index', { content: 'hello' }, { content: 'edited' }),
        step('refresh', 'about', { content: 'about' }),
        step('refresh', 'page', { content: 'one' }, { content: 'two' }),
        step('update', 'index', { content: 'edited' }, { content: 'hello' }),
        step('create', 'about', undefined, { content: 'about' }),
        // Changed outside and in the code: both are reported.
        step('update', 'page', { content: 'two' }, { content: 'three' }),
      ],
      { mode: 'program' },
    );
    expect(drift.map(f => [f.name, f.source, f.kind, f.properties])).toEqual([
      [
        'index',
        'outside',
        'changed',
        [{ path: 'content', expected: 'hello', actual: 'edited' }],
      ],
      ['about', 'outside', 'deleted', []],
      [
        'page',
        'outside',
        'changed',
        [{ path: 'content', expected: 'one', actual: 'two' }],
      ],
      [
        'page',
        'code',
        'undeployed',
        [{ path: 'content', expected: 'two', actual: 'three' }],
      ],
    ]);
  });

  it('compares a resource deleted outside and changed in the code with its state', () => {
    const drift = driftFromEvents(
      [
        step('refresh', 'about', { content: 'about', path: 'p' }),
        step('create', 'about', undefined, { content: 'new', path: 'p' }),
      ],
      { mode: 'program' },
    );
    expect(drift[1]).toMatchObject({
      source: 'code',
      operation: 'create',
      properties: [{ path: 'content', expected: 'about', actual: 'new' }],
    });
  });

  it('shows a pending update of a secret with its value hidden', () => {
    const drift = driftFromEvents(
      [
        step('refresh', 'secret', { content: masked }, { content: masked }),
        step('update', 'secret', { content: masked }, { content: masked }),
      ],
      { mode: 'program' },
    );
    expect(drift).toEqual([
      expect.objectContaining({
        name: 'secret',
        source: 'code',
        operation: 'update',
        properties: [
          { path: 'content', expected: '[secret]', actual: '[secret]' },
        ],
      }),
    ]);
  });
});

describe("driftFromEvents with a provider's detailed diff", () => {
  const CONFIG_MAP = 'kubernetes:core/v1:ConfigMap';
  /** A step of the Kubernetes provider, whose outputs hold what the API server sets as well. */
  function k8sStep(
    op: string,
    old: Record<string, unknown>,
    now: Record<string, unknown>,
    detailedDiff: Record<string, unknown>,
    inputs: Record<string, unknown> = old,
  ): EngineEvent {
    const state = (outputs: Record<string, unknown>) => ({
      type: CONFIG_MAP,
      urn: urn('settings', CONFIG_MAP),
      id: 'ns/settings',
      parent: '',
      provider: '',
      inputs,
      outputs,
    });
    return {
      sequence: 1,
      timestamp: 0,
      resOutputsEvent: {
        metadata: {
          op: op as 'update',
          urn: urn('settings', CONFIG_MAP),
          type: CONFIG_MAP,
          provider: '',
          old: state(old),
          new: state(now),
          detailedDiff: detailedDiff as never,
        },
      },
    };
  }
  const before = {
    data: { MAX_CONN: '10' },
    metadata: { labels: { app: 'web' }, resourceVersion: '41' },
  };
  const after = {
    data: { MAX_CONN: '50' },
    metadata: {
      labels: { app: 'web', 'edited-by': 'kubectl' },
      resourceVersion: '57',
    },
  };

  it("reports the provider's paths only, with the values on each side", () => {
    const [finding] = driftFromEvents(
      [
        k8sStep('update', before, after, {
          'data.MAX_CONN': { kind: 'update' },
        }),
      ],
      { mode: 'refresh' },
    );
    expect(finding).toMatchObject({
      kind: 'changed',
      source: 'outside',
      properties: [{ path: 'data.MAX_CONN', expected: '10', actual: '50' }],
    });
  });

  it('takes the expected side from the inputs when the outputs agree', () => {
    const [finding] = driftFromEvents(
      [
        k8sStep(
          'update',
          after,
          after,
          { 'data.MAX_CONN': { kind: 'update' } },
          before,
        ),
      ],
      { mode: 'refresh' },
    );
    expect(finding.properties).toEqual([
      { path: 'data.MAX_CONN', expected: '10', actual: '50', source: 'inputs' },
    ]);
  });

  it('shows a secret path as [secret] on both sides', () => {
    const secretBefore = { data: masked };
    const [finding] = driftFromEvents(
      [
        k8sStep(
          'update',
          secretBefore,
          { data: masked },
          {
            'data.password': { kind: 'update' },
          },
        ),
      ],
      { mode: 'refresh' },
    );
    expect(finding.properties).toEqual([
      { path: 'data.password', expected: '[secret]', actual: '[secret]' },
    ]);
  });
});
