import { useTempDirs, writeFiles } from '../common/testing/files';
import {
  normalizeVersion,
  packageOfModule,
  packagesOfModules,
  readPulumiPluginJson,
} from './requiredPackages';

describe('normalizeVersion', () => {
  it('keeps release versions as they are', () => {
    expect(normalizeVersion('v4.16.0')).toBe('v4.16.0');
    expect(normalizeVersion('4.16.0')).toBe('4.16.0');
    expect(normalizeVersion('v4.16.0-alpha.1')).toBe('v4.16.0-alpha.1');
  });

  it('turns a pseudo-version into the release before it', () => {
    expect(normalizeVersion('v1.29.1-0.20200403140640-efb5e2a48a86')).toBe(
      'v1.29.0',
    );
    expect(normalizeVersion('v1.3.0-pre.0.20200403140640-efb5e2a48a86')).toBe(
      'v1.3.0',
    );
  });

  it('rejects versions that are no semver, and pseudo-versions without a tag', () => {
    expect(() => normalizeVersion('latest')).toThrow(
      'module does not have semver compatible version',
    );
    expect(() =>
      normalizeVersion('v0.0.0-20200403140640-efb5e2a48a86'),
    ).toThrow('invalid pseduoversion with no prior tag');
  });
});

describe('packageOfModule', () => {
  it("names a Pulumi provider's Go SDK by its repository", () => {
    expect(
      packageOfModule(
        { Path: 'github.com/pulumi/pulumi-random/sdk/v4', Version: 'v4.16.7' },
        undefined,
      ),
    ).toEqual({
      name: 'random',
      version: 'v4.16.7',
      server: '',
      parameterization: undefined,
      extension: undefined,
    });
    expect(
      packageOfModule(
        {
          Path: 'github.com/pulumi/pulumi-azure-native/sdk',
          Version: 'v1.2.3',
        },
        undefined,
      ).name,
    ).toBe('azure-native');
  });

  it('takes what pulumi-plugin.json says', () => {
    expect(
      packageOfModule(
        { Path: 'example.com/acme/thing', Version: 'v1.0.0' },
        {
          resource: true,
          name: 'thing',
          version: 'v2.0.0',
          server: 'https://plugins.example.test/thing',
          parameterization: {
            name: 'sub',
            version: '0.1.0',
            value: Buffer.from('hi').toString('base64'),
          },
        },
      ),
    ).toEqual({
      name: 'thing',
      version: 'v2.0.0',
      server: 'https://plugins.example.test/thing',
      parameterization: {
        name: 'sub',
        version: '0.1.0',
        value: Buffer.from('hi'),
      },
      extension: undefined,
    });
  });

  it('skips modules that are no provider', () => {
    const none = (path: string, plugin?: { resource?: boolean }) => () =>
      packageOfModule({ Path: path, Version: 'v1.0.0' }, plugin);
    expect(none('github.com/pulumi/pulumi/sdk/v3')).toThrow(
      'module is not a pulumi provider',
    );
    expect(none('github.com/pulumi/pulumi/sdk/v3', { resource: true })).toThrow(
      'module is not a pulumi provider',
    );
    expect(none('github.com/pulumi/pulumi-terraform-bridge/v3')).toThrow(
      'module is not a pulumi provider',
    );
    expect(
      none('github.com/pulumi/pulumi-aws/sdk/v6', { resource: false }),
    ).toThrow('module is not a pulumi provider');
    expect(none('golang.org/x/text')).toThrow(
      'module is not a pulumi provider',
    );
  });
});

describe('readPulumiPluginJson', () => {
  const tempDir = useTempDirs();

  it('looks in the module, go/, go/* and *', () => {
    const dir = tempDir();
    expect(readPulumiPluginJson(dir)).toBeUndefined();
    writeFiles(dir, {
      'go/random/pulumi-plugin.json': { resource: true, name: 'a' },
    });
    expect(readPulumiPluginJson(dir)?.name).toBe('a');
    writeFiles(dir, { 'go/pulumi-plugin.json': { resource: true, name: 'b' } });
    expect(readPulumiPluginJson(dir)?.name).toBe('b');
    writeFiles(dir, { 'pulumi-plugin.json': { resource: false } });
    expect(readPulumiPluginJson(dir)).toEqual({ resource: false });
  });

  it('gives the packages of listed modules', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'thing/pulumi-plugin.json': {
        resource: true,
        name: 'thing',
        version: '1.2.3',
      },
    });
    expect(
      packagesOfModules([
        { Path: 'example.com/thing', Version: 'v0.0.1', Dir: dir },
        { Path: 'github.com/pulumi/pulumi-random/sdk/v4', Version: 'v4.1.0' },
        { Path: 'github.com/pulumi/pulumi/sdk/v3', Version: 'v3.259.0' },
      ]).map(p => [p.name, p.version]),
    ).toEqual([
      ['thing', '1.2.3'],
      ['random', 'v4.1.0'],
    ]);
  });
});
