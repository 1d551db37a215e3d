import type { StackListing } from '@stackyard/plugin-pulumi-node';
import { resolveReference } from './PulumiEntityProvider';

describe('resolveReference', () => {
  const listing = (organization: string, project: string, stack: string) =>
    ({ backendId: 'b', organization, project, stack } as StackListing);
  const from = listing('acme', 'website', 'dev');
  const listings = [
    from,
    listing('acme', 'website', 'prod'),
    listing('acme', 'network', 'prod'),
    listing('umbrella', 'network', 'prod'),
  ];

  it.each([
    ['prod', 'acme/website/prod'],
    ['network/prod', 'acme/network/prod'],
    ['umbrella/network/prod', 'umbrella/network/prod'],
    ['acme/network/prod', 'acme/network/prod'],
  ])('finds %j as %s', (name, expected) => {
    const found = resolveReference(name, from, listings);
    expect(
      found && `${found.organization}/${found.project}/${found.stack}`,
    ).toBe(expected);
  });

  it.each(['staging', 'network/dev', 'other/network/prod', 'a/b/c/d'])(
    'finds nothing for %j',
    name => {
      expect(resolveReference(name, from, listings)).toBeUndefined();
    },
  );
});
