import { globMatches } from './glob';

describe('globMatches', () => {
  it.each([
    ['*', 'anything', true],
    ['local:*/website/*', 'local:organization/website/prod', true],
    ['local:*/website/*', 'local:organization/web/prod', false],
    ['tags.*', 'tags.lastSeen', true],
    ['tags.*', 'tagsXlastSeen', false],
    ['a.b', 'axb', false],
    ['(x)', '(x)', true],
  ])('%s ~ %s is %s', (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected);
  });
});
