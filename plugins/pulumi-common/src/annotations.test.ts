import { parseProjectSlug } from './annotations';

describe('parseProjectSlug', () => {
  it.each([
    [
      'acme/website/prod',
      [{ organization: 'acme', project: 'website', stack: 'prod' }],
    ],
    ['acme/website', [{ organization: 'acme', project: 'website' }]],
    [
      'local:acme/website/dev, acme/db',
      [
        {
          backendId: 'local',
          organization: 'acme',
          project: 'website',
          stack: 'dev',
        },
        { organization: 'acme', project: 'db' },
      ],
    ],
  ])('accepts %j', (value, selectors) => {
    expect(parseProjectSlug(value)).toEqual({
      ok: true,
      selectors: selectors.map(s => ({
        backendId: undefined,
        stack: undefined,
        ...s,
      })),
    });
  });

  it.each([
    ['', /The value is empty/],
    [
      'acme',
      /'acme' has 1 part; it needs org\/project or org\/project\/stack, for example/,
    ],
    ['a/b/c/d', /has 4 parts/],
    ['acme//prod', /has an empty project/],
    ['acme/web site/prod', /the invalid project 'web site'/],
    ['acme/web,', /Item 2 \(''\) is empty: remove the extra comma/],
    ['Bad_Id:acme/web', /backend id 'Bad_Id'/],
  ])('rejects %j with a precise message', (value, message) => {
    const result = parseProjectSlug(value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });
});
