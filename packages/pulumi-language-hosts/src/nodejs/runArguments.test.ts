import {
  buildConfigJson,
  buildRunArguments,
  parseConfigKey,
} from './runArguments';

describe('buildRunArguments', () => {
  const base = {
    runPath: '/p/node_modules/@pulumi/pulumi/cmd/run/index.js',
    monitorAddress: '127.0.0.1:1',
    engineAddress: '127.0.0.1:2',
    organization: '',
    project: 'lh',
    rootDirectory: '/p',
    stack: 'dev',
    programDirectory: '/p/src',
    dryRun: false,
    parallel: 0,
    entryPoint: '.',
    args: [],
  };

  it('passes the run in the Go host order, leaving out empty values but not --parallel', () => {
    expect(buildRunArguments(base)).toEqual([
      base.runPath,
      '--monitor',
      '127.0.0.1:1',
      '--engine',
      '127.0.0.1:2',
      '--project',
      'lh',
      '--root-directory',
      '/p',
      '--stack',
      'dev',
      '--pwd',
      '/p/src',
      '--parallel',
      '0',
      '.',
    ]);
  });

  it('adds the organization, dry run, tracing and the program arguments', () => {
    const args = buildRunArguments({
      ...base,
      organization: 'acme',
      dryRun: true,
      parallel: 16,
      tracing: 'file:/t.json',
      entryPoint: 'index.ts',
      args: ['--x'],
    });
    expect(args).toEqual(
      expect.arrayContaining(['--organization', 'acme', '--dry-run']),
    );
    expect(args.slice(-7)).toEqual([
      '--dry-run',
      '--parallel',
      '16',
      '--tracing',
      'file:/t.json',
      'index.ts',
      '--x',
    ]);
  });
});

describe('buildConfigJson', () => {
  it('writes keys in the old namespace:config:name form', () => {
    expect(
      JSON.parse(
        buildConfigJson([
          ['lh:name', 'a'],
          ['aws:config:region', 'eu-west-1'],
        ]),
      ),
    ).toEqual({ 'lh:config:name': 'a', 'aws:config:region': 'eu-west-1' });
    expect(buildConfigJson([])).toBe('{}');
  });

  it('refuses keys without a namespace', () => {
    expect(() => parseConfigKey('name')).toThrow(
      'could not parse name as a configuration key',
    );
    expect(() => parseConfigKey('a:b:c')).toThrow();
  });
});
