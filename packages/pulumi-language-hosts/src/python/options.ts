/** The Python runtime options of Pulumi.yaml (`runtime.options`), as Pulumi's Python host reads them. */
export interface PythonOptions {
  /** Where the program's virtualenv is, relative to the project folder; none runs the command's Python. */
  virtualenv?: string;
  /** Who makes the virtualenv and installs into it: `pip` (the default), `uv` or `poetry`. */
  toolchain: 'pip' | 'uv' | 'poetry';
  /** A type checker that runs before the program: `mypy` or `pyright`. */
  typechecker?: 'mypy' | 'pyright';
}

const toolchains = ['pip', 'uv', 'poetry'] as const;
const typecheckers = ['mypy', 'pyright'] as const;

function oneOf<T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new Error(
      `unsupported ${name} option: ${JSON.stringify(
        value,
      )} (one of ${allowed.join(', ')})`,
    );
  }
  return value as T;
}

/** Reads and checks the options; an unknown toolchain or type checker fails the call that needs it. */
export function parsePythonOptions(
  options: Record<string, unknown>,
): PythonOptions {
  const { virtualenv } = options;
  if (virtualenv !== undefined && typeof virtualenv !== 'string') {
    throw new Error('the virtualenv option must be a string');
  }
  return {
    virtualenv: virtualenv || undefined,
    toolchain: oneOf('toolchain', options.toolchain, toolchains) ?? 'pip',
    typechecker: oneOf('typechecker', options.typechecker, typecheckers),
  };
}
