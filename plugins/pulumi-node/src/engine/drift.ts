import type { EngineEvent, StepEventMetadata } from '@pulumi/pulumi/automation';
import { parsePropertyPath, valueAtPath } from './propertyPath';
import { isSecretValue, SECRET_PLACEHOLDER } from './redact';
import type { SecretInputDiffs } from './stateSecrets';

/**
 * One property that differs.
 *
 * @public
 */
export interface DriftedProperty {
  /** The property path, for example `content` or `tags.team`. */
  path: string;
  /**
   * The value the state holds; for a finding of source `code`, the value deployed now. `[secret]` for a
   * secret.
   */
  expected: unknown;
  /**
   * The value the real resource has now; for a finding of source `code`, the value the program would
   * deploy. `[secret]` for a secret.
   */
  actual: unknown;
  /** What `expected` is; left out for `outputs`. See {@link DriftedPropertySource}. */
  source?: DriftedPropertySource;
}

/**
 * What a changed property's `expected` value is: `outputs`, the state's record of the resource; `inputs`,
 * the inputs the code last deployed, which the state keeps and an `up` would write back. A refresh finds
 * inputs that differ when the state's outputs already match the real resource, as they do after an
 * accepting refresh by a provider whose read returns no inputs.
 *
 * @public
 */
export type DriftedPropertySource = 'outputs' | 'inputs';

/**
 * What a drift finding says about its resource: `changed` or `deleted` outside Pulumi, or `undeployed`
 * when the program would change it.
 *
 * @public
 */
export type DriftKind = 'changed' | 'deleted' | 'undeployed';

/**
 * Where a difference comes from: `outside`, the real resource was changed behind Pulumi's back; `code`,
 * the program differs from what is deployed.
 *
 * @public
 */
export type DriftSource = 'outside' | 'code';

/**
 * One resource that differs from the stack's state (source `outside`) or from its program (source
 * `code`). A resource may have one finding of each source.
 *
 * @public
 */
export interface DriftedResource {
  urn: string;
  type: string;
  /** The resource's name: the last segment of its URN. */
  name: string;
  /** `changed` and `deleted` come with source `outside`, `undeployed` with source `code`. */
  kind: DriftKind;
  source: DriftSource;
  /**
   * For source `code`: the step the next `up` would take, such as `create`, `update`, `replace` or
   * `delete`. The steps of one replacement are reported once, as `replace`.
   */
  operation?: string;
  /**
   * The properties that differ. Empty for a resource deleted outside Pulumi, and for one the program
   * would delete.
   */
  properties: DriftedProperty[];
}

/**
 * How the events that {@link driftFromEvents} reads were made.
 *
 * @public
 */
export interface DriftFromEventsOptions {
  /**
   * `refresh` for a refresh, in preview-only mode or not, which compares the real resources with the
   * state; `program` for a preview with refresh first, which also runs the program and so also finds
   * code that was never deployed.
   */
  mode: 'refresh' | 'program';
  /**
   * The secrets whose input and output differ in the state the events start from (see
   * {@link secretInputDiffs}): the engine masks secrets in its events, so only these are named as inputs
   * that differ.
   */
  secretInputDiffs?: SecretInputDiffs;
}

const STACK_TYPE = 'pulumi:pulumi:Stack';
const PROVIDER_TYPE_PREFIX = 'pulumi:providers:';
// The serialized code of a dynamic provider: the same for every resource of the program, not a property
// of the resource, and many kilobytes long. The CLI's own diff leaves it out as well.
const DYNAMIC_PROVIDER_KEY = '__provider';
// The steps of a preview that would change the stack. Not `same`, `read` or `refresh`, which change
// nothing, nor `remove-pending-replace`, which only tidies the state.
const CODE_OPS = new Set([
  'create',
  'update',
  'replace',
  'create-replacement',
  'delete-replaced',
  'delete',
  'import',
  'import-replacement',
]);
const REPLACEMENT_OPS = new Set([
  'replace',
  'create-replacement',
  'delete-replaced',
  'import-replacement',
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every leaf path whose value differs between `expected` and `actual`.
 *
 * @public
 */
export function diffProperties(
  expected: unknown,
  actual: unknown,
  prefix = '',
): DriftedProperty[] {
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const keys = [
      ...new Set([...Object.keys(expected), ...Object.keys(actual)]),
    ];
    return keys
      .sort()
      .flatMap(key =>
        diffProperties(
          expected[key],
          actual[key],
          prefix ? `${prefix}.${key}` : key,
        ),
      );
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const length = Math.max(expected.length, actual.length);
    return Array.from({ length }, (_, i) =>
      diffProperties(expected[i], actual[i], `${prefix}[${i}]`),
    ).flat();
  }
  if (JSON.stringify(expected) === JSON.stringify(actual)) {
    return [];
  }
  return [{ path: prefix, expected, actual }];
}

/**
 * A copy of a resource's properties as a finding may show them: every secret, in whatever encoding the
 * events carry it (the engine's `{ <signature>, ciphertext: '[secret]' }`, or a plaintext one if secrets
 * were shown), becomes `[secret]`, and the dynamic provider's code is left out.
 */
function visible(value: unknown, top = true): unknown {
  if (isSecretValue(value)) return SECRET_PLACEHOLDER;
  if (Array.isArray(value)) return value.map(v => visible(v, false));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !(top && key === DYNAMIC_PROVIDER_KEY))
        .map(([key, v]) => [key, visible(v, false)]),
    );
  }
  return value;
}

/** The paths of the secret values in `value`, which is already {@link visible}. */
function secretPaths(value: unknown, prefix = ''): string[] {
  if (value === SECRET_PLACEHOLDER) return [prefix];
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => secretPaths(v, `${prefix}[${i}]`));
  }
  if (isPlainObject(value)) {
    return Object.keys(value).flatMap(key =>
      secretPaths(value[key], prefix ? `${prefix}.${key}` : key),
    );
  }
  return [];
}

/**
 * The properties that differ between two visible states of a resource that the engine says differ. The
 * engine masks secrets in its events, so a change of a secret alone leaves both sides equal; then every
 * secret property is reported, with its value hidden, as it may be the one that changed: no event, nor
 * any of the CLI's outputs of a refresh, shows the value a provider has just read for a secret.
 */
function changedProperties(before: unknown, after: unknown): DriftedProperty[] {
  const properties = diffProperties(before, after);
  if (properties.length > 0) return properties;
  const paths = new Set([...secretPaths(before), ...secretPaths(after)]);
  return [...paths].sort().map(path => ({
    path,
    expected: SECRET_PLACEHOLDER,
    actual: SECRET_PLACEHOLDER,
  }));
}

function sameJson(a: unknown, b: unknown): boolean {
  return diffProperties(a, b).length === 0;
}

function byPath(a: DriftedProperty, b: DriftedProperty): number {
  return a.path.localeCompare(b.path);
}

/**
 * The inputs that differ from the real resource's outputs: what an `up` would write back. Only inputs that
 * the outputs also have are compared, as a provider need not echo every input. Secrets are masked on both
 * sides, so a secret is named only when `differingSecrets` names it.
 */
function inputDifferences(
  inputs: unknown,
  real: unknown,
  differingSecrets: ReadonlySet<string>,
): DriftedProperty[] {
  if (!isPlainObject(inputs) || !isPlainObject(real)) return [];
  const keys = Object.keys(inputs).filter(key => key in real);
  const seen = keys.flatMap(key => diffProperties(inputs[key], real[key], key));
  const secrets = keys
    .flatMap(key => secretPaths(inputs[key], key))
    .filter(path => differingSecrets.has(path))
    .filter(path => !seen.some(p => p.path === path))
    .map(path => ({
      path,
      expected: SECRET_PLACEHOLDER,
      actual: SECRET_PLACEHOLDER,
    }));
  return [...seen, ...secrets]
    .sort(byPath)
    .map(property => ({ ...property, source: 'inputs' as const }));
}

/**
 * The properties that the provider's own detailed diff names for a step, with their values on each side,
 * or undefined when it gives none (dynamic providers do not). Its paths are the provider's, such as
 * `data.MAX_CONN` or `spec.template.spec.containers[0].image`, and they leave out what the provider does
 * not manage: the fields that a Kubernetes API server sets, or that another field manager added. A path
 * whose value is the same on both sides of a refresh is about the state's inputs, which then give the
 * expected side (source `inputs`), as in {@link updatedProperties}.
 */
function detailedProperties(
  step: StepEventMetadata,
  before: unknown,
  after: unknown,
): DriftedProperty[] | undefined {
  const paths = Object.keys(step.detailedDiff ?? {});
  if (paths.length === 0) return undefined;
  const inputs = visible(step.old?.inputs ?? step.new?.inputs ?? {});
  return paths.sort().map(path => {
    const parts = parsePropertyPath(path) ?? [path];
    const expected = valueAtPath(before, parts);
    const actual = valueAtPath(after, parts);
    if (!sameJson(expected, actual) || expected === SECRET_PLACEHOLDER) {
      return { path, expected, actual };
    }
    return {
      path,
      expected: valueAtPath(inputs, parts),
      actual,
      source: 'inputs',
    };
  });
}

/**
 * The outputs that a preview's refresh step found changed, which carries no detailed diff: those at a path
 * that the state's inputs also have, what the program manages. Fields that the provider or the service set
 * on their own (a Kubernetes object's `resourceVersion` and `managedFields`, say), or that someone else
 * added, change without being drift, as the provider's detailed diff of a refresh leaves them out too. A
 * resource whose state keeps no inputs shows every changed output.
 */
function managedDifferences(
  step: StepEventMetadata,
  before: unknown,
  after: unknown,
): DriftedProperty[] {
  const all = diffProperties(before, after);
  const inputs = visible(step.old?.inputs ?? {});
  if (!isPlainObject(inputs) || Object.keys(inputs).length === 0) return all;
  return all.filter(
    p =>
      valueAtPath(inputs, parsePropertyPath(p.path) ?? [p.path]) !== undefined,
  );
}

/**
 * The properties of a resource whose refresh the engine reports as an `update`, which it does when the
 * provider finds the real resource differing from the state's inputs. First the outputs that changed; when
 * none visibly did, the inputs that differ from them, the secrets among them by `secretInputDiffs`, which
 * compared the state's plaintexts and so holds only while the step's inputs are the state's. When neither
 * shows anything, the difference is in a secret whose new value the engine masks: see
 * {@link changedProperties}.
 */
function updatedProperties(
  step: StepEventMetadata,
  before: unknown,
  after: unknown,
  secretInputDiffs: ReadonlySet<string> | undefined,
): DriftedProperty[] {
  const outputs = diffProperties(before, after);
  if (outputs.length > 0) return outputs;
  const inputs = visible(step.new?.inputs ?? {});
  const stateInputs = sameJson(visible(step.old?.inputs ?? {}), inputs);
  const fromInputs = inputDifferences(
    inputs,
    after,
    (stateInputs && secretInputDiffs) || new Set(),
  );
  return fromInputs.length > 0 ? fromInputs : changedProperties(before, after);
}

/** The name part of a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`), which may itself hold `::`. */
function urnName(urn: string): string {
  const parts = urn.split('::');
  return parts.length >= 4
    ? parts.slice(3).join('::')
    : parts[parts.length - 1];
}

/**
 * The findings that the events of a refresh or of a preview with refresh report. Only `resOutputsEvent`s
 * count: they carry a step's state before and after. The stack resource and providers are left out; a
 * provider's "update" only means the stack config changed, which shows on the resources it changes.
 *
 * Source `outside` (both modes): a `previewRefresh` or `refresh` reports a resource it found changed as an
 * `update` step and one it found gone as a `delete` step (mode `refresh`); a preview with refresh reports
 * every resource as a `refresh` step, which differs only if its old and new outputs do, and which has no
 * new state for a resource that is gone. Providers that give no detailed diff, as dynamic providers do
 * not, still carry the old and new outputs, so the properties come from comparing those. An `update` whose
 * outputs did not change is about the state's inputs, which differ from the real resource: after an
 * accepting refresh by a provider whose read returns no inputs, say. Its properties are those inputs, with
 * source `inputs`.
 *
 * Source `code` (mode `program` only): each step of the program's preview that would change the stack is
 * kind `undeployed`, with the properties that the step would change. A step that would only restore what
 * the state holds for a resource changed outside Pulumi (the `update` back, or the `create` of one
 * deleted) is not reported again: that resource's `outside` finding already says it.
 *
 * Secret values are never shown; see {@link DriftedProperty}. Because the engine masks them in every
 * event, a secret changed outside Pulumi is only found by mode `refresh`, whose `update` step says that
 * the resource changed. In mode `program` the refresh step cannot tell, and the program's step that
 * would put the value back shows as a `code` finding.
 *
 * @public
 */
export function driftFromEvents(
  events: EngineEvent[],
  options: DriftFromEventsOptions,
): DriftedResource[] {
  const outside = new Map<string, DriftedResource>();
  const code = new Map<string, DriftedResource>();
  // The outputs the state held before a preview's refresh step, by URN: what a `code` step that only
  // undoes drift would put back.
  const stateBefore = new Map<string, unknown>();

  const finding = (
    step: StepEventMetadata,
    rest: Pick<DriftedResource, 'kind' | 'source' | 'properties'> & {
      operation?: string;
    },
  ): DriftedResource => ({
    urn: step.urn,
    type: step.type,
    name: urnName(step.urn),
    ...rest,
  });

  const noteOutside = (step: StepEventMetadata) => {
    const before = visible(step.old?.outputs ?? {});
    if (step.op === 'refresh') stateBefore.set(step.urn, before);
    const gone = step.op === 'delete' || !step.new || !step.new.outputs;
    if (gone) {
      outside.set(
        step.urn,
        finding(step, { kind: 'deleted', source: 'outside', properties: [] }),
      );
      return;
    }
    const after = visible(step.new?.outputs);
    // An `update` of a refresh is the engine saying the resource differs, which may be in a secret it
    // masks or only in the state's inputs; a `refresh` step says nothing either way, so only a visible
    // difference counts. An update that differs in nothing a user sees, nor in any secret, is no drift.
    const properties =
      detailedProperties(step, before, after) ??
      (step.op === 'update'
        ? updatedProperties(
            step,
            before,
            after,
            options.secretInputDiffs?.get(step.urn),
          )
        : managedDifferences(step, before, after));
    if (properties.length > 0) {
      outside.set(
        step.urn,
        finding(step, { kind: 'changed', source: 'outside', properties }),
      );
    }
  };

  const noteCode = (step: StepEventMetadata) => {
    const operation = REPLACEMENT_OPS.has(step.op) ? 'replace' : step.op;
    const known = code.get(step.urn);
    // The steps of one replacement come one by one; the first that knows both sides names the properties.
    if (known && (known.properties.length > 0 || !step.new)) return;
    const deployed = step.old?.outputs ?? stateBefore.get(step.urn) ?? {};
    const wanted = step.new?.outputs ?? step.new?.inputs;
    const before = visible(deployed);
    const after = wanted === undefined ? undefined : visible(wanted);
    if (
      outside.has(step.urn) &&
      after !== undefined &&
      stateBefore.has(step.urn) &&
      sameJson(stateBefore.get(step.urn), after)
    ) {
      return;
    }
    code.set(
      step.urn,
      finding(step, {
        kind: 'undeployed',
        source: 'code',
        operation,
        properties:
          after === undefined || step.op === 'delete'
            ? []
            : detailedProperties(step, before, after) ??
              changedProperties(before, after),
      }),
    );
  };

  for (const event of events) {
    const step = event.resOutputsEvent?.metadata;
    if (
      !step ||
      step.type === STACK_TYPE ||
      step.type.startsWith(PROVIDER_TYPE_PREFIX)
    ) {
      continue;
    }
    if (step.op === 'refresh') {
      noteOutside(step);
    } else if (options.mode === 'refresh') {
      if (step.op === 'update' || step.op === 'delete') noteOutside(step);
    } else if (CODE_OPS.has(step.op)) {
      noteCode(step);
    }
  }
  return [...outside.values(), ...code.values()];
}
