import type { Deployment } from '@pulumi/pulumi/automation';
import { isSecretValue } from './redact';

/**
 * By resource URN, the paths of the secrets whose value the state's inputs and outputs of that resource
 * hold differently, such as a secret input that a refresh found changed in the real resource. It says
 * which secrets differ and nothing of their values.
 *
 * @public
 */
export type SecretInputDiffs = ReadonlyMap<string, ReadonlySet<string>>;

type Path = Array<string | number>;

interface DeploymentResource {
  urn?: unknown;
  inputs?: unknown;
  outputs?: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A secret's value, as an export with secrets shown holds it; `undefined` when it is only ciphertext. */
function secretValue(secret: Record<string, unknown>): unknown {
  if (typeof secret.plaintext !== 'string') return undefined;
  try {
    return JSON.parse(secret.plaintext);
  } catch {
    return secret.plaintext;
  }
}

/** The paths of the secrets in `value`, each down to the secret itself. */
function secretPaths(value: unknown, prefix: Path = []): Path[] {
  if (isSecretValue(value)) return [prefix];
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => secretPaths(v, [...prefix, i]));
  }
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, v]) =>
      secretPaths(v, [...prefix, key]),
    );
  }
  return [];
}

/** `value` with every secret replaced by its value, `undefined` for one that is only ciphertext. */
function revealed(value: unknown): unknown {
  if (isSecretValue(value)) {
    return revealed(secretValue(value as Record<string, unknown>));
  }
  if (Array.isArray(value)) return value.map(revealed);
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, revealed(v)]),
    );
  }
  return value;
}

/** What `root` holds at `path`, looking through secrets on the way. */
function valueAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, segment) => {
    const open = revealed(value);
    return isPlainObject(open) || Array.isArray(open)
      ? (open as Record<string | number, unknown>)[segment]
      : undefined;
  }, root);
}

/** JSON with object keys sorted, so that equal values compare equal however their keys are ordered. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    isPlainObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(key => [key, v[key]]),
        )
      : v,
  );
}

/** The path as drift findings name it: `tags.team`, `ports[1]`. */
function pathName(path: Path): string {
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      return i === 0 ? segment : `.${segment}`;
    })
    .join('');
}

function differingSecrets(resource: DeploymentResource): Set<string> {
  const paths = [
    ...secretPaths(resource.inputs),
    ...secretPaths(resource.outputs),
  ];
  const differing = new Set<string>();
  for (const path of paths) {
    const input = revealed(valueAt(resource.inputs, path));
    const output = revealed(valueAt(resource.outputs, path));
    // A secret that was never decrypted cannot be compared, and is not said to differ.
    if (input === undefined || output === undefined) continue;
    if (canonical(input) !== canonical(output)) differing.add(pathName(path));
  }
  return differing;
}

/**
 * The secrets of each resource whose input and output differ in a deployment exported with its secrets
 * shown, as `stack.exportStack()` returns it. The plaintexts are compared here and go no further.
 *
 * @public
 */
export function secretInputDiffs(deployment: Deployment): SecretInputDiffs {
  const resources = (deployment?.deployment as { resources?: unknown })
    ?.resources;
  const found = new Map<string, Set<string>>();
  for (const resource of Array.isArray(resources) ? resources : []) {
    const { urn } = resource as DeploymentResource;
    if (typeof urn !== 'string') continue;
    const differing = differingSecrets(resource as DeploymentResource);
    if (differing.size > 0) found.set(urn, differing);
  }
  return found;
}
