import { normalizeOwnerRef } from './ownerRef';

describe('normalizeOwnerRef', () => {
  it.each([
    ['web-team', 'group:default/web-team'],
    ['Web-Team', 'group:default/web-team'],
    ['payments/web-team', 'group:payments/web-team'],
    ['user:alice', 'user:default/alice'],
    ['Group:Default/Web-Team', 'group:default/web-team'],
    [' group:default/web-team ', 'group:default/web-team'],
  ])('reads %s as %s', (value, ref) => {
    expect(normalizeOwnerRef(value)).toBe(ref);
  });

  it('puts a bare name in the namespace it is given', () => {
    expect(normalizeOwnerRef('team-a', { defaultNamespace: 'payments' })).toBe(
      'group:payments/team-a',
    );
  });

  it.each(['', 'group:', 'group:default/', 'web team', 'a:b:c', 'team!'])(
    'refuses %j',
    value => {
      expect(() => normalizeOwnerRef(value)).toThrow();
    },
  );
});
