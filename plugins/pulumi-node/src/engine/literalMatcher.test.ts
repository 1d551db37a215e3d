import {
  createLiteralMatcher,
  MIN_LITERAL_LENGTH,
  type TextRange,
} from './literalMatcher';

// Every occurrence of every literal, overlapping ones merged: what the matcher must find, the slow way.
function coveredRangesByBruteForce(
  text: string,
  literals: string[],
): TextRange[] {
  const occurrences: TextRange[] = [];
  for (let at = 0; at < text.length; at++) {
    for (const literal of literals) {
      if (
        literal.length >= MIN_LITERAL_LENGTH &&
        text.startsWith(literal, at)
      ) {
        occurrences.push({ start: at, end: at + literal.length });
      }
    }
  }
  const merged: TextRange[] = [];
  for (const { start, end } of occurrences) {
    const last = merged[merged.length - 1];
    if (last && start < last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

// Deterministic words over a two-letter alphabet: repetitive literals and overlaps are everywhere.
function words(seed: number) {
  let state = seed;
  return (min: number, max: number) => {
    let word = '';
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const length = min + (state % (max - min + 1));
    for (let i = 0; i < length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      word += state & 0x10000 ? 'a' : 'b';
    }
    return word;
  };
}

describe('createLiteralMatcher', () => {
  it('merges overlapping occurrences, and keeps adjacent ones apart', () => {
    const matcher = createLiteralMatcher(['abcdef', 'defghi', 'wxyz']);
    expect(matcher.coveredRanges('-abcdefghi-wxyzwxyz')).toEqual([
      { start: 1, end: 10 },
      { start: 11, end: 15 },
      { start: 15, end: 19 },
    ]);
  });

  it('covers the longest literal that starts at a position', () => {
    expect(
      createLiteralMatcher(['pass', 'password']).coveredRanges('a password'),
    ).toEqual([{ start: 2, end: 10 }]);
  });

  it('leaves out literals shorter than the minimum, and finds nothing without literals', () => {
    expect(createLiteralMatcher(['abc', '']).coveredRanges('abc abc')).toEqual(
      [],
    );
    expect(createLiteralMatcher([]).coveredRanges('anything')).toEqual([]);
  });

  it('finds a repetitive literal wherever it occurs in a run of its own characters', () => {
    const literal = 'abcabcab';
    const matcher = createLiteralMatcher([literal]);
    expect(matcher.coveredRanges(`x${'abc'.repeat(6)}abx`)).toEqual([
      { start: 1, end: 21 },
    ]);
    // The run ends in c, which no occurrence of the literal ends in.
    expect(matcher.coveredRanges(`x${'abc'.repeat(6)}x`)).toEqual([
      { start: 1, end: 18 },
    ]);
    expect(matcher.coveredRanges(`${'abc'.repeat(2)}ab-abcabcabcab`)).toEqual([
      { start: 0, end: 8 },
      { start: 9, end: 20 },
    ]);
  });

  it('covers what a brute-force search covers, over many texts full of overlaps', () => {
    const word = words(15);
    for (let round = 0; round < 500; round++) {
      const literals = Array.from({ length: 1 + (round % 4) }, () =>
        word(MIN_LITERAL_LENGTH - 1, 10),
      );
      const text = word(0, 80);
      expect({
        text,
        literals,
        ranges: createLiteralMatcher(literals).coveredRanges(text),
      }).toEqual({
        text,
        literals,
        ranges: coveredRangesByBruteForce(text, literals),
      });
    }
  });
});
