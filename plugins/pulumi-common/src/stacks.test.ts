import { parseStackRef, stringifyStackRef } from './stacks';

describe('parseStackRef', () => {
  it('reverses stringifyStackRef', () => {
    const stack = {
      backendId: 'local',
      organization: 'organization',
      project: 'web',
      stack: 'dev',
    };
    expect(parseStackRef(stringifyStackRef(stack))).toEqual(stack);
  });

  it.each(['local', 'local:org/web', ':org/web/dev', 'local:a/b/c/d'])(
    'refuses %s',
    ref => {
      expect(() => parseStackRef(ref)).toThrow('is not a stack ref');
    },
  );
});
