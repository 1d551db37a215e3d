import { shellSplit } from './shellSplit';

describe('shellSplit', () => {
  it('splits words as google/shlex does', () => {
    expect(shellSplit('')).toEqual([]);
    expect(shellSplit('  --max-old-space-size=4096   --inspect ')).toEqual([
      '--max-old-space-size=4096',
      '--inspect',
    ]);
    expect(shellSplit(`--title 'a b' "c \\"d\\"" e\\ f`)).toEqual([
      '--title',
      'a b',
      'c "d"',
      'e f',
    ]);
    expect(shellSplit(`--a # a comment\n--b`)).toEqual(['--a', '--b']);
    expect(shellSplit(`''`)).toEqual(['']);
  });

  it('fails on an unclosed quote', () => {
    expect(() => shellSplit(`--a 'b`)).toThrow(
      'EOF found when expecting closing quote',
    );
  });
});
