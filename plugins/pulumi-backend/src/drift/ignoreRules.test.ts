import { applyIgnoreRules, RawFinding } from './ignoreRules';

const finding = (overrides: Partial<RawFinding> = {}): RawFinding => ({
  urn: 'urn:pulumi:prod::website::stackyard:LocalFile::index',
  type: 'pulumi-nodejs:dynamic/stackyard:LocalFile',
  name: 'index',
  kind: 'changed',
  source: 'outside',
  properties: [
    { path: 'content', expected: 'a', actual: 'b' },
    { path: 'tags.lastSeen', expected: '1', actual: '2' },
  ],
  ...overrides,
});

describe('applyIgnoreRules', () => {
  const stackRef = 'local:organization/website/prod';

  it('keeps findings no rule matches', () => {
    expect(applyIgnoreRules(stackRef, [finding()], [])).toEqual([
      { ...finding(), ignored: false },
    ]);
  });

  it('ignores a whole resource by type, stack and URN', () => {
    const [result] = applyIgnoreRules(
      stackRef,
      [finding()],
      [
        {
          id: 'r1',
          source: 'config',
          stack: '*:*/website/*',
          type: 'pulumi-nodejs:dynamic/*',
          urn: '*::index',
        },
      ],
    );
    expect(result).toMatchObject({ ignored: true, ignoredBy: 'r1' });
  });

  it('ignores a resource only when every changed property is ignored', () => {
    const rules = [{ id: 'noise', source: 'api' as const, property: 'tags.*' }];
    const [partly] = applyIgnoreRules(stackRef, [finding()], rules);
    expect(partly.ignored).toBe(false);
    expect(partly.properties).toEqual([
      { path: 'content', expected: 'a', actual: 'b' },
      { path: 'tags.lastSeen', expected: '1', actual: '2', ignored: true },
    ]);
    const [wholly] = applyIgnoreRules(
      stackRef,
      [
        finding({
          properties: [{ path: 'tags.lastSeen', expected: 1, actual: 2 }],
        }),
      ],
      rules,
    );
    expect(wholly).toMatchObject({ ignored: true, ignoredBy: 'noise' });
  });

  it('does not apply a rule of another stack, and never ignores a deleted resource by property', () => {
    const [other] = applyIgnoreRules(
      stackRef,
      [finding()],
      [{ id: 'r', source: 'api', stack: '*:*/payments/*' }],
    );
    expect(other.ignored).toBe(false);
    const [deleted] = applyIgnoreRules(
      stackRef,
      [finding({ kind: 'deleted', properties: [] })],
      [{ id: 'r', source: 'api', property: '*' }],
    );
    expect(deleted.ignored).toBe(false);
  });
});
