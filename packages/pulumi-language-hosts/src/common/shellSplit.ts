/**
 * Splits a command line into words as github.com/google/shlex does for the Go host's `nodeargs`:
 * whitespace separates words, single quotes keep everything literally, double quotes and a backslash
 * escape the next character, and `#` at the start of a word comments out the rest of the line.
 */
export function shellSplit(input: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quote) {
      if (c === quote) {
        quote = undefined;
      } else if (c === '\\' && quote === '"') {
        i++;
        if (i >= input.length) break;
        word += input[i];
      } else {
        word += c;
      }
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      const newline = input.indexOf('\n', i);
      if (newline < 0) break;
      i = newline;
    } else if (c === "'" || c === '"') {
      quote = c;
      word = word ?? '';
    } else if (c === '\\') {
      i++;
      if (i >= input.length) {
        throw new Error('EOF found after escape character');
      }
      word = (word ?? '') + input[i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) {
    throw new Error('EOF found when expecting closing quote');
  }
  if (word !== undefined) words.push(word);
  return words;
}
