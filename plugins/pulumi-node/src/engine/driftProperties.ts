import type { StepEventMetadata } from '@pulumi/pulumi/automation';
import type { DriftedProperty } from './driftTypes';
import { parsePropertyPath, valueAtPath } from './propertyPath';
import { isSecretValue, SECRET_PLACEHOLDER } from './redact';

// The properties of drift findings: what differs between a step's old and new state, by the provider's
// detailed diff when there is one, with secrets never shown.

// The serialized code of a dynamic provider: the same for every resource of the program, not a property
// of the resource, and many kilobytes long. The CLI's own diff leaves it out as well.
const DYNAMIC_PROVIDER_KEY = '__provider';

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
export function visible(value: unknown, top = true): unknown {
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
export function changedProperties(
  before: unknown,
  after: unknown,
): DriftedProperty[] {
  const properties = diffProperties(before, after);
  if (properties.length > 0) return properties;
  const paths = new Set([...secretPaths(before), ...secretPaths(after)]);
  return [...paths].sort().map(path => ({
    path,
    expected: SECRET_PLACEHOLDER,
    actual: SECRET_PLACEHOLDER,
  }));
}

export function sameJson(a: unknown, b: unknown): boolean {
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
export function detailedProperties(
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
export function managedDifferences(
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
export function updatedProperties(
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
