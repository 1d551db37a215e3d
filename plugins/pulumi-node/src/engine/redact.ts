import { createLiteralMatcher, type TextRange } from './literalMatcher';
import { secretForms } from './secretForms';

/**
 * The value that stands for a secret wherever one would leave the engine wrapper.
 *
 * @public
 */
export const SECRET_PLACEHOLDER = '[secret]';

/**
 * The key that marks a secret value in Pulumi's state and RPC encoding: `{ [key]: '1b47…', plaintext }` or
 * `{ [key]: '1b47…', ciphertext }`.
 *
 * @public
 */
export const SECRET_SIGNATURE_KEY = '4dabf18193072939515e22adb298388d';

// Shorter secrets would turn ordinary words of every message into placeholders. No less than the literal
// matcher's MIN_LITERAL_LENGTH, below which it finds nothing.
const MIN_SECRET_LENGTH = 4;

// By tag rather than prototype: under jest, and for objects from Node's own modules, values come from more
// than one realm.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]';
}

function isError(value: unknown): value is Error {
  return Object.prototype.toString.call(value) === '[object Error]';
}

/**
 * Whether `value` is a secret in Pulumi's encoding.
 *
 * @public
 */
export function isSecretValue(value: unknown): boolean {
  return isPlainObject(value) && SECRET_SIGNATURE_KEY in value;
}

function scalarLeaves(value: unknown, into: string[]): void {
  if (typeof value === 'string') {
    into.push(value);
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    into.push(String(value));
  } else if (Array.isArray(value)) {
    value.forEach(v => scalarLeaves(v, into));
  } else if (isPlainObject(value)) {
    Object.values(value).forEach(v => scalarLeaves(v, into));
  }
}

/**
 * Every plaintext that a secret inside `value` holds, for example in an exported deployment. Values that
 * are only ciphertext yield nothing: what was never decrypted cannot leak.
 *
 * @public
 */
export function secretStrings(value: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (isPlainObject(v)) {
      if (SECRET_SIGNATURE_KEY in v) {
        if (typeof v.plaintext === 'string') {
          try {
            scalarLeaves(JSON.parse(v.plaintext), found);
          } catch {
            found.push(v.plaintext);
          }
        }
        // The SDK's in-memory form carries the value itself.
        if ('value' in v) scalarLeaves(v.value, found);
        return;
      }
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return found;
}

/**
 * Removes known secrets from anything on its way out of the engine wrapper.
 *
 * @public
 */
export interface Redactor {
  /**
   * A deep copy of `value` in which every occurrence of a known secret inside any string, and every secret
   * in Pulumi's encoding, is `SECRET_PLACEHOLDER`.
   */
  redact<T>(value: T): T;
  /** A redactor that also knows `secrets`. */
  with(secrets: Iterable<string | undefined | null>): Redactor;
}

function replaceRanges(text: string, ranges: TextRange[]): string {
  let result = '';
  let cursor = 0;
  for (const { start, end } of ranges) {
    result += text.slice(cursor, start) + SECRET_PLACEHOLDER;
    cursor = end;
  }
  return result + text.slice(cursor);
}

/**
 * A {@link Redactor} for the given secret strings: credentials, decrypted config and decrypted outputs,
 * of any number and size. Each is also found JSON-escaped and base64-encoded, also inside a longer
 * base64 text, where only the character at either end that also holds a neighbour's bits stays. No
 * regular expression is built from the secrets, so none can be too large or quote them in an error.
 * Secrets shorter than 4 characters are ignored: replacing every such word or number would garble every
 * message and hide nothing that a few guesses would not find.
 *
 * @public
 */
export function createRedactor(
  secrets: Iterable<string | undefined | null> = [],
): Redactor {
  const known = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) {
      known.add(secret);
    }
  }
  const matcher = createLiteralMatcher([...known].flatMap(secretForms));

  const redactString = (text: string) => {
    const ranges = matcher.coveredRanges(text);
    return ranges.length > 0 ? replaceRanges(text, ranges) : text;
  };

  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (Array.isArray(value)) return value.map(walk);
    if (isError(value)) {
      return { name: value.name, message: redactString(value.message) };
    }
    if (isPlainObject(value)) {
      if (SECRET_SIGNATURE_KEY in value) return SECRET_PLACEHOLDER;
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [redactString(k), walk(v)]),
      );
    }
    return value;
  };

  return {
    redact: <T>(value: T) => walk(value) as T,
    with: more => createRedactor([...known, ...more]),
  };
}

/**
 * The values of the secret entries of a stack config, as `stack.getAllConfig()` or an update's `config`
 * returns it decrypted.
 *
 * @public
 */
export function secretConfigValues(
  config: Record<string, { value: unknown; secret?: boolean }> | undefined,
): string[] {
  const found: string[] = [];
  for (const entry of Object.values(config ?? {})) {
    if (!entry?.secret) continue;
    scalarLeaves(entry.value, found);
    // Structured values are stored as JSON, and parts of them may be shown on their own.
    if (typeof entry.value === 'string') {
      try {
        scalarLeaves(JSON.parse(entry.value), found);
      } catch {
        // Not JSON: the whole value is the secret.
      }
    }
  }
  return found;
}
