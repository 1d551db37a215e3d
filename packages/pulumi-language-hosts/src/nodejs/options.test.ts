import { parseOptions } from './options';

describe('parseOptions', () => {
  it('defaults to TypeScript and an automatic package manager', () => {
    expect(parseOptions({}, 'nodejs')).toEqual({
      typescript: true,
      tsconfigPath: '',
      nodeargs: '',
      packagemanager: 'auto',
    });
  });

  it('reads every option', () => {
    expect(
      parseOptions(
        {
          typescript: false,
          tsconfig: 'tsconfig.pulumi.json',
          nodeargs: '--inspect',
          packagemanager: 'pnpm',
        },
        'nodejs',
      ),
    ).toEqual({
      typescript: false,
      tsconfigPath: 'tsconfig.pulumi.json',
      nodeargs: '--inspect',
      packagemanager: 'pnpm',
    });
  });

  it('fails on options of the wrong type, with the Go host messages', () => {
    expect(() => parseOptions({ typescript: 'yes' }, 'nodejs')).toThrow(
      'typescript option must be a boolean',
    );
    expect(() => parseOptions({ packagemanager: 'deno' }, 'nodejs')).toThrow(
      'packagemanager option must be one of auto, npm, yarn, pnpm or bun, got "deno"',
    );
    expect(() => parseOptions({ nodeargs: 1 }, 'nodejs')).toThrow(
      'nodeargs option must be a string',
    );
  });

  it('leaves TypeScript and the package manager to bun under the bun runtime', () => {
    expect(
      parseOptions(
        { typescript: true, nodeargs: '-x', packagemanager: 'npm' },
        'bun',
      ),
    ).toEqual({
      typescript: false,
      tsconfigPath: '',
      nodeargs: '',
      packagemanager: 'bun',
    });
  });
});
