import { buildRunEnv, GoRunInfo } from './runEnv';
import { parseGoOptions } from './options';
import { checkMinimumGoVersion } from './goCommand';
import { dependenciesOfGoMod } from './programDependencies';

const info: GoRunInfo = {
  organization: 'acme',
  project: 'site',
  rootDirectory: '/work/site',
  stack: 'dev',
  config: [
    ['site:title', 'Hello'],
    ['aws:region', 'eu-west-1'],
  ],
  configSecretKeys: ['site:apiKey'],
  dryRun: true,
  parallel: 16,
  monitorAddress: '127.0.0.1:7',
  engineAddress: '127.0.0.1:9',
};

describe('buildRunEnv', () => {
  it('adds what the Go SDK reads to the host environment', () => {
    expect(buildRunEnv(info, { PATH: '/bin', PULUMI_STACK: 'stale' })).toEqual({
      PATH: '/bin',
      PULUMI_ORGANIZATION: 'acme',
      PULUMI_PROJECT: 'site',
      PULUMI_ROOT_DIRECTORY: '/work/site',
      PULUMI_STACK: 'dev',
      PULUMI_CONFIG: '{"aws:region":"eu-west-1","site:title":"Hello"}',
      PULUMI_CONFIG_SECRET_KEYS: '["site:apiKey"]',
      PULUMI_DRY_RUN: 'true',
      PULUMI_PARALLEL: '16',
      PULUMI_MONITOR: '127.0.0.1:7',
      PULUMI_ENGINE: '127.0.0.1:9',
    });
  });

  it('leaves out what the request leaves empty, as the Go host does', () => {
    const env = buildRunEnv(
      {
        ...info,
        organization: '',
        config: [],
        configSecretKeys: [],
        dryRun: false,
        parallel: 0,
      },
      {},
    );
    expect(env.PULUMI_ORGANIZATION).toBeUndefined();
    expect(env).toMatchObject({
      PULUMI_CONFIG: '{}',
      PULUMI_CONFIG_SECRET_KEYS: '[]',
      PULUMI_DRY_RUN: 'false',
      PULUMI_PARALLEL: '0',
    });
  });
});

describe('parseGoOptions', () => {
  it('reads binary and buildTarget, with the Go host messages', () => {
    expect(parseGoOptions({})).toEqual({});
    expect(parseGoOptions({ buildTarget: 'bin/app' })).toEqual({
      buildTarget: 'bin/app',
    });
    expect(parseGoOptions({ binary: 'app' })).toEqual({ binary: 'app' });
    expect(() => parseGoOptions({ binary: 1 })).toThrow(
      'binary option must be a string',
    );
    expect(() => parseGoOptions({ buildTarget: true })).toThrow(
      'buildTarget option must be a string',
    );
    expect(() => parseGoOptions({ binary: 'a', buildTarget: 'b' })).toThrow(
      'binary and buildTarget cannot both be specified',
    );
  });
});

describe('checkMinimumGoVersion', () => {
  it('accepts Go 1.14 and later, toolchain suffixes included', () => {
    expect(() =>
      checkMinimumGoVersion('go version go1.26.8 linux/amd64'),
    ).not.toThrow();
    expect(() =>
      checkMinimumGoVersion('go version go1.14 linux/amd64'),
    ).not.toThrow();
    expect(() =>
      checkMinimumGoVersion('go version go1.22.3-X:boringcrypto linux/amd64'),
    ).not.toThrow();
    expect(() =>
      checkMinimumGoVersion('go version go1.13.5 linux/amd64'),
    ).toThrow('go version must be 1.14.0 or higher (1.13.5 detected)');
    expect(() => checkMinimumGoVersion('nonsense')).toThrow(
      'unexpected format for go version output',
    );
  });
});

describe('dependenciesOfGoMod', () => {
  const file = {
    Require: [
      { Path: 'github.com/pulumi/pulumi/sdk/v3', Version: 'v3.259.0' },
      { Path: 'github.com/pulumi/pulumi-random/sdk/v4', Version: 'v4.16.0' },
      { Path: 'golang.org/x/text', Version: 'v0.39.0', Indirect: true },
    ],
    Replace: [
      {
        Old: { Path: 'github.com/pulumi/pulumi-random/sdk/v4' },
        New: { Path: './random' },
      },
    ],
  };

  it('lists direct requirements, and indirect ones when asked; replaced ones lose their version', () => {
    expect(dependenciesOfGoMod(file, false)).toEqual([
      { name: 'github.com/pulumi/pulumi/sdk/v3', version: 'v3.259.0' },
      { name: 'github.com/pulumi/pulumi-random/sdk/v4', version: '' },
    ]);
    expect(dependenciesOfGoMod(file, true)).toHaveLength(3);
  });
});
