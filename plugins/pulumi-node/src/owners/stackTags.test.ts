import { ConfigReader } from '@backstage/config';
import { readStackTagNames } from './stackTags';

describe('readStackTagNames', () => {
  it('defaults to the backstage.io tags', () => {
    expect(readStackTagNames(new ConfigReader({}))).toEqual({
      owner: 'backstage.io:owner',
      system: 'backstage.io:system',
      component: 'backstage.io:component',
    });
  });

  it('reads the names the catalog module is configured with', () => {
    const config = new ConfigReader({
      catalog: { providers: { pulumi: { tags: { owner: 'team' } } } },
    });
    expect(readStackTagNames(config).owner).toBe('team');
  });

  it('refuses a name that no stack tag can have, naming the key', () => {
    const config = new ConfigReader({
      catalog: { providers: { pulumi: { tags: { owner: 'a/b' } } } },
    });
    expect(() => readStackTagNames(config)).toThrow(
      "catalog.providers.pulumi.tags.owner 'a/b' is not a stack tag name",
    );
  });
});
