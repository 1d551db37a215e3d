import { stackEntityName } from './stackEntityName';

const CATALOG_RULES = /^[a-z0-9A-Z]([a-z0-9A-Z-_.]{0,61}[a-z0-9A-Z])?$/;

describe('stackEntityName', () => {
  const name = (
    project: string,
    stack: string,
    backendId = 'local',
    organization = 'organization',
  ) => stackEntityName({ backendId, organization, project, stack });

  it('reads as backend--project--stack when the parts allow it', () => {
    expect(name('website', 'dev')).toBe('local--website--dev');
    expect(name('website', 'dev', 'cloud', 'acme')).toBe(
      'cloud--acme--website--dev',
    );
  });

  it.each([
    [
      'the same project in two backends',
      ['website', 'dev', 'local'],
      ['website', 'dev', 'other'],
    ],
    [
      'two organizations',
      ['website', 'dev', 'cloud', 'acme'],
      ['website', 'dev', 'cloud', 'umbrella'],
    ],
    ['case', ['Website', 'dev'], ['website', 'dev']],
    ['characters the catalog lacks', ['web_site', 'dev'], ['web-site', 'dev']],
    ['where the parts split', ['a--b', 'c'], ['a', 'b--c']],
    [
      'long names that share a start',
      ['p'.repeat(80), 'a'],
      ['p'.repeat(80), 'b'],
    ],
  ])('keeps stacks apart that differ in %s', (_, a, b) => {
    const [first, second] = [a, b].map(parts =>
      name(...(parts as [string, string, string?, string?])),
    );
    expect(first).not.toBe(second);
    expect(first).toMatch(CATALOG_RULES);
    expect(second).toMatch(CATALOG_RULES);
  });

  it('is stable, and within 63 characters', () => {
    const long = name('p'.repeat(80), 'Prod_EU');
    expect(name('p'.repeat(80), 'Prod_EU')).toBe(long);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^local--p+---[0-9a-f]{10}$/);
    expect(name('Web', 'Dev')).toMatch(/^local--web--dev---[0-9a-f]{10}$/);
  });
});
