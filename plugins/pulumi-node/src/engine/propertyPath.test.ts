import { parsePropertyPath, valueAtPath } from './propertyPath';

describe('parsePropertyPath', () => {
  it('reads keys, indexes and quoted keys', () => {
    expect(parsePropertyPath('data.MAX_CONN')).toEqual(['data', 'MAX_CONN']);
    expect(parsePropertyPath('spec.template.spec.containers[0].image')).toEqual(
      ['spec', 'template', 'spec', 'containers', 0, 'image'],
    );
    expect(
      parsePropertyPath('metadata.labels["app.kubernetes.io/name"]'),
    ).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(parsePropertyPath('["a.b"].c[12]')).toEqual(['a.b', 'c', 12]);
    expect(parsePropertyPath('tags["say \\"hi\\""]')).toEqual([
      'tags',
      'say "hi"',
    ]);
  });

  it('refuses paths that are not well formed', () => {
    for (const path of [
      '',
      '.a',
      'a.',
      'a..b',
      'a[x]',
      'a[0',
      'a["b"',
      'a]b',
    ]) {
      expect({ path, parts: parsePropertyPath(path) }).toEqual({
        path,
        parts: undefined,
      });
    }
  });
});

describe('valueAtPath', () => {
  const value = {
    data: { MAX_CONN: '10' },
    list: [{ image: 'nginx' }],
    secret: '[secret]',
  };

  it('finds the value at a path, or nothing', () => {
    expect(valueAtPath(value, ['data', 'MAX_CONN'])).toBe('10');
    expect(valueAtPath(value, ['list', 0, 'image'])).toBe('nginx');
    expect(valueAtPath(value, ['list', 1, 'image'])).toBeUndefined();
    expect(valueAtPath(value, ['data', 'MAX_CONN', 'x'])).toBeUndefined();
  });

  it('answers a path into a secret with the secret', () => {
    expect(valueAtPath(value, ['secret', 'password'])).toBe('[secret]');
  });
});
