import { parsePythonOptions } from './options';

describe('parsePythonOptions', () => {
  it('defaults to pip without a virtualenv', () => {
    expect(parsePythonOptions({})).toEqual({
      virtualenv: undefined,
      toolchain: 'pip',
      typechecker: undefined,
    });
  });

  it('reads the virtualenv, toolchain and type checker', () => {
    expect(
      parsePythonOptions({
        virtualenv: 'venv',
        toolchain: 'uv',
        typechecker: 'mypy',
      }),
    ).toEqual({ virtualenv: 'venv', toolchain: 'uv', typechecker: 'mypy' });
  });

  it('names an option it does not know the value of', () => {
    expect(() => parsePythonOptions({ toolchain: 'conda' })).toThrow(
      'unsupported toolchain option: "conda" (one of pip, uv, poetry)',
    );
    expect(() => parsePythonOptions({ typechecker: 'pytype' })).toThrow(
      /unsupported typechecker option/,
    );
    expect(() => parsePythonOptions({ virtualenv: 3 })).toThrow(
      'the virtualenv option must be a string',
    );
  });
});
