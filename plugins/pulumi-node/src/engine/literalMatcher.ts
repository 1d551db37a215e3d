/** A stretch of a text, from `start` up to but not including `end`. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * Finds where any of a set of literal strings occurs in a text. No regular expression is built from the
 * literals: an engine's expression has a size limit, and its errors quote the expression's source, which
 * for a redactor is every secret it knows.
 */
export interface LiteralMatcher {
  /** The ranges of `text` that some literal covers, overlapping occurrences merged into one, in order. */
  coveredRanges(text: string): TextRange[];
}

/** The shortest literal that a matcher takes; shorter ones are left out. */
export const MIN_LITERAL_LENGTH = 4;

interface Literal {
  text: string;
  /** The smallest shift that maps the literal onto itself, worked out when first needed. */
  period?: number;
}

interface Occurrence {
  literal: Literal;
  at: number;
}

// A hash of the MIN_LITERAL_LENGTH code units from `at`, which narrows the literals that can start there to
// a handful. Collisions only add candidates, which are compared in full. 30 bits, which V8 keeps as small
// integers: map look-ups with larger numbers allocate.
const KEY_BASE = 31;
const KEY_MASK = 0x3fffffff;
const LEAVING_WEIGHT = KEY_BASE ** MIN_LITERAL_LENGTH;

function keyAt(text: string, at: number): number {
  let key = 0;
  for (let i = 0; i < MIN_LITERAL_LENGTH; i++) {
    key = (Math.imul(key, KEY_BASE) + text.charCodeAt(at + i)) & KEY_MASK;
  }
  return key;
}

/** The key at `at + 1` from the key at `at`, by the code units that leave and join it. */
function nextKey(text: string, at: number, key: number): number {
  return (
    (Math.imul(key, KEY_BASE) -
      Math.imul(text.charCodeAt(at), LEAVING_WEIGHT) +
      text.charCodeAt(at + MIN_LITERAL_LENGTH)) &
    KEY_MASK
  );
}

// A quick no for most positions, before the map is asked.
const FILTER_BITS = 16;
const filterIndex = (key: number) => key & ((1 << FILTER_BITS) - 1);

function indexByKey(literals: Iterable<string>): Map<number, Literal[]> {
  const buckets = new Map<number, Literal[]>();
  for (const text of new Set(literals)) {
    if (text.length < MIN_LITERAL_LENGTH) continue;
    const key = keyAt(text, 0);
    const bucket = buckets.get(key);
    if (bucket) bucket.push({ text });
    else buckets.set(key, [{ text }]);
  }
  // Longest first, so that the first literal that matches is the longest one there.
  for (const bucket of buckets.values()) {
    bucket.sort((a, b) => b.text.length - a.text.length);
  }
  return buckets;
}

// Knuth–Morris–Pratt's failure function: the text's length less its longest proper border.
function smallestPeriod(text: string): number {
  const border = new Int32Array(text.length);
  let k = 0;
  for (let i = 1; i < text.length; i++) {
    while (k > 0 && text.charCodeAt(i) !== text.charCodeAt(k)) {
      k = border[k - 1];
    }
    if (text.charCodeAt(i) === text.charCodeAt(k)) k++;
    border[i] = k;
  }
  return text.length - k;
}

/**
 * Whether `literal` occurs in `text` at `at`. When it also occurs a little earlier, as a repetitive
 * secret does in a run of its own characters, only the characters that the earlier occurrence has not
 * read are compared: a shift of at most `length - period` maps the literal onto itself exactly when it is
 * a multiple of the period (Fine and Wilf), so comparing it whole at each position would be quadratic.
 */
function occursAt(
  text: string,
  at: number,
  literal: Literal,
  previous: Occurrence | undefined,
): boolean {
  const length = literal.text.length;
  if (previous?.literal === literal && at - previous.at < length) {
    const shift = at - previous.at;
    literal.period ??= smallestPeriod(literal.text);
    if (shift <= length - literal.period) {
      return (
        shift % literal.period === 0 &&
        text.startsWith(
          literal.text.slice(length - shift),
          previous.at + length,
        )
      );
    }
  }
  return text.startsWith(literal.text, at);
}

/**
 * A {@link LiteralMatcher} for `literals`. It reads the text once, looking up at each position the few
 * literals that begin with the characters there and comparing those: the work grows with the text and
 * with the literals that nearly match it, not with how many literals there are or how long they are.
 */
export function createLiteralMatcher(
  literals: Iterable<string>,
): LiteralMatcher {
  const buckets = indexByKey(literals);
  const filter = new Uint8Array(1 << FILTER_BITS);
  for (const key of buckets.keys()) filter[filterIndex(key)] = 1;

  return {
    coveredRanges(text) {
      const ranges: TextRange[] = [];
      if (buckets.size === 0) return ranges;
      let range: TextRange | undefined;
      let previous: Occurrence | undefined;
      let key = keyAt(text, 0);
      for (let at = 0; at + MIN_LITERAL_LENGTH <= text.length; at++) {
        if (at > 0) key = nextKey(text, at - 1, key);
        if (!filter[filterIndex(key)]) continue;
        for (const literal of buckets.get(key) ?? []) {
          const end = at + literal.text.length;
          // A match that ends inside what is covered already would change nothing, nor would a
          // shorter one.
          if (range && end <= range.end) break;
          if (!occursAt(text, at, literal, previous)) continue;
          previous = { literal, at };
          if (range && at < range.end) {
            range.end = end;
          } else {
            range = { start: at, end };
            ranges.push(range);
          }
          break;
        }
      }
      return ranges;
    },
  };
}
