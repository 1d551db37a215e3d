import { InputError } from '@backstage/errors';
import { assertValidName, assertValidStackRef } from './names';

describe('assertValidName', () => {
  it.each([
    'dev',
    'my-stack',
    'my_stack.v2',
    '_internal',
    'A1',
    'a'.repeat(100),
  ])('accepts %s', name => {
    expect(() => assertValidName('stack', name)).not.toThrow();
  });

  it.each([
    ['..'],
    ['-x'],
    ['--yes'],
    ['.hidden'],
    ['a/b'],
    ['a\\b'],
    ['two words'],
    ['dév'],
    [''],
    ['a'.repeat(101)],
    ['line\nbreak'],
    [42],
    [undefined],
  ])('rejects %p, naming the field', name => {
    expect(() => assertValidName('project', name)).toThrow(InputError);
    expect(() => assertValidName('project', name)).toThrow(/^project /);
  });
});

describe('assertValidStackRef', () => {
  const ref = { backendId: 'local', project: 'web', stack: 'dev' };

  it('accepts a valid ref', () => {
    expect(() => assertValidStackRef(ref)).not.toThrow();
  });

  it.each([
    ['backendId', { backendId: 'Local' }],
    ['backendId', { backendId: '-local' }],
    ['project', { project: '../web' }],
    ['stack', { stack: 'dev prod' }],
  ])('names %s when it is invalid', (field, change) => {
    expect(() => assertValidStackRef({ ...ref, ...change })).toThrow(
      new RegExp(`^${field} `),
    );
  });

  it('shows a long invalid value shortened', () => {
    expect(() =>
      assertValidStackRef({ ...ref, stack: `${'x'.repeat(200)}/` }),
    ).toThrow(/x{100}…/);
  });
});
