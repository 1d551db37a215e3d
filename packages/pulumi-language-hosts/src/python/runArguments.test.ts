import { buildConfigJson, buildExecArguments } from './runArguments';

describe('buildExecArguments', () => {
  const base = {
    execPath: '/engine/bin/pulumi-language-python-exec',
    monitorAddress: '127.0.0.1:1',
    engineAddress: '127.0.0.1:2',
    organization: 'acme',
    project: 'web',
    rootDirectory: '/src/web',
    stack: 'dev',
    programDirectory: '/src/web',
    entryPoint: '.',
    dryRun: true,
    parallel: 8,
    args: [],
  };

  it("passes what Pulumi's Python host passes, the program folder last", () => {
    expect(buildExecArguments(base)).toEqual([
      '-u',
      '/engine/bin/pulumi-language-python-exec',
      '--monitor',
      '127.0.0.1:1',
      '--engine',
      '127.0.0.1:2',
      '--project',
      'web',
      '--stack',
      'dev',
      '--pwd',
      '/src/web',
      '--dry_run',
      'true',
      '--parallel',
      '8',
      '--organization',
      'acme',
      '--root_directory',
      '/src/web',
      '/src/web',
    ]);
  });

  it("runs Pulumi.yaml's main, with the program's own arguments after it", () => {
    const args = buildExecArguments({
      ...base,
      dryRun: false,
      organization: '',
      tracing: 'http://trace',
      entryPoint: 'app/main.py',
      args: ['--verbose'],
    });
    expect(args).toContain('false');
    expect(args).not.toContain('--organization');
    expect(
      args.slice(args.indexOf('--tracing'), args.indexOf('--tracing') + 2),
    ).toEqual(['--tracing', 'http://trace']);
    expect(args.slice(-2)).toEqual(['/src/web/app/main.py', '--verbose']);
  });
});

describe('buildConfigJson', () => {
  it('keeps the keys as the engine sends them', () => {
    expect(buildConfigJson([['web:greeting', 'hi']])).toBe(
      '{"web:greeting":"hi"}',
    );
  });
});
