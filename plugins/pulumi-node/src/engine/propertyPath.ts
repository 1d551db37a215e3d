import { SECRET_PLACEHOLDER } from './redact';

/** One step of a property path: a key of an object, or an index of an array. */
export type PropertyPathPart = string | number;

/**
 * The parts of a property path as providers write them in a detailed diff, the engine's own syntax:
 * keys joined by dots, array indexes in brackets, and keys that hold dots or brackets quoted in brackets.
 * `spec.template.spec.containers[0].image` is `spec`, `template`, `spec`, `containers`, 0, `image`;
 * `metadata.labels["app.kubernetes.io/name"]` is `metadata`, `labels`, `app.kubernetes.io/name`.
 * Undefined for a path that is not well formed.
 */
export function parsePropertyPath(
  path: string,
): PropertyPathPart[] | undefined {
  const parts: PropertyPathPart[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const part = bracketPart(path, i);
      if (!part) return undefined;
      parts.push(part.value);
      i = part.end;
    } else {
      if (parts.length > 0) {
        if (path[i] !== '.') return undefined;
        i += 1;
      }
      let end = i;
      while (end < path.length && !'.[]'.includes(path[end])) end += 1;
      if (end === i) return undefined;
      parts.push(path.slice(i, end));
      i = end;
    }
  }
  return parts.length > 0 ? parts : undefined;
}

/** The part in brackets that starts at `start`: an index, or a quoted key in JSON's string syntax. */
function bracketPart(
  path: string,
  start: number,
): { value: PropertyPathPart; end: number } | undefined {
  if (path[start + 1] === '"') {
    let end = start + 2;
    while (end < path.length && path[end] !== '"') {
      end += path[end] === '\\' ? 2 : 1;
    }
    if (path[end + 1] !== ']') return undefined;
    try {
      return {
        value: JSON.parse(path.slice(start + 1, end + 1)) as string,
        end: end + 2,
      };
    } catch {
      return undefined;
    }
  }
  const close = path.indexOf(']', start);
  const index = path.slice(start + 1, close);
  if (close < 0 || !/^\d+$/.test(index)) return undefined;
  return { value: Number(index), end: close + 1 };
}

/**
 * The value at `parts` in `value`, which is already masked (secrets are `[secret]`): a path into a secret
 * is the secret, and a path to nothing is undefined.
 */
export function valueAtPath(
  value: unknown,
  parts: readonly PropertyPathPart[],
): unknown {
  let current = value;
  for (const part of parts) {
    if (current === SECRET_PLACEHOLDER) return SECRET_PLACEHOLDER;
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyPathPart, unknown>)[part];
  }
  return current;
}
