import { symlinkSync } from 'node:fs';
import path from 'node:path';
import {
  findRequiredPackages,
  incompatibleSdkWarning,
} from './requiredPackages';
import { useTempDirs, writeFiles } from '../common/testing/files';

describe('findRequiredPackages', () => {
  const tempDir = useTempDirs();

  it('finds resource plugins in node_modules, named and versioned as the Go host does', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'package.json': {
        name: 'prog',
        pulumi: { resource: true, name: 'not-in-node-modules' },
      },
      'node_modules/@pulumi/aws/package.json': {
        name: '@pulumi/aws',
        version: '6.1.0',
        pulumi: { resource: true },
      },
      'node_modules/@acme/thing/package.json': {
        name: '@acme/thing',
        version: '1.0.0',
        pulumi: {
          resource: true,
          name: 'thing',
          version: 'v2.0.0',
          server: 'https://example.test/thing',
        },
      },
      'node_modules/@pulumi/pulumi/package.json': {
        name: '@pulumi/pulumi',
        version: '3.259.0',
      },
      'node_modules/left-pad/package.json': {
        name: 'left-pad',
        version: '1.3.0',
      },
    });
    const result = await findRequiredPackages(dir);
    expect(result.packages).toEqual(
      expect.arrayContaining([
        { name: 'aws', version: 'v6.1.0', server: '' },
        {
          name: 'thing',
          version: 'v2.0.0',
          server: 'https://example.test/thing',
        },
      ]),
    );
    expect(result.packages).toHaveLength(2);
    expect([...result.sdkVersions.values()]).toEqual(['3.259.0']);
    expect(result.errors).toEqual([]);
  });

  it('reads a pulumi-plugin.json beside package.json and parameterization', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'node_modules/@pulumi/random/package.json': {
        name: '@pulumi/random',
        version: '4.16.0',
      },
      'node_modules/@pulumi/random/pulumi-plugin.json': {
        resource: true,
        name: 'random',
      },
      'node_modules/my-tf/package.json': {
        name: 'my-tf',
        version: '0.1.0',
        pulumi: {
          resource: true,
          name: 'terraform-provider',
          version: '0.3.0',
          parameterization: {
            name: 'netlify',
            version: '1.2.3',
            value: Buffer.from('abc').toString('base64'),
          },
        },
      },
    });
    const { packages } = await findRequiredPackages(dir);
    const byName = Object.fromEntries(packages.map(p => [p.name, p]));
    expect(byName.random).toEqual({
      name: 'random',
      version: 'v4.16.0',
      server: '',
    });
    expect(byName['terraform-provider'].parameterization).toEqual({
      name: 'netlify',
      version: '1.2.3',
      value: new Uint8Array(Buffer.from('abc')),
    });
  });

  it('reports third-party packages without a plugin name as errors and goes on', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'node_modules/@acme/x/package.json': {
        name: '@acme/x',
        version: '1.0.0',
        pulumi: { resource: true },
      },
      'node_modules/broken/package.json': '{',
      'node_modules/@pulumi/gcp/package.json': {
        name: '@pulumi/gcp',
        version: '7.0.0',
        pulumi: { resource: true },
      },
    });
    const result = await findRequiredPackages(dir);
    expect(result.packages.map(p => p.name)).toEqual(['gcp']);
    expect(result.errors.join('\n')).toContain(
      `Missing property "name" for the third-party plugin '@acme/x'`,
    );
    expect(result.errors.join('\n')).toContain('broken/package.json');
  });

  it('follows symbolic links once, and skips nested policy packs', async () => {
    const dir = tempDir();
    const store = tempDir();
    writeFiles(store, {
      'aws/package.json': {
        name: '@pulumi/aws',
        version: '6.0.0',
        pulumi: { resource: true },
      },
    });
    writeFiles(dir, {
      'node_modules/.keep': '',
      'policy/PulumiPolicy.yaml': 'runtime: nodejs\n',
      'policy/node_modules/@pulumi/azure/package.json': {
        name: '@pulumi/azure',
        version: '5.0.0',
        pulumi: { resource: true },
      },
    });
    symlinkSync(path.join(store, 'aws'), path.join(dir, 'node_modules', 'aws'));
    symlinkSync(dir, path.join(dir, 'node_modules', 'loop'));
    const { packages } = await findRequiredPackages(dir);
    expect(packages).toEqual([{ name: 'aws', version: 'v6.0.0', server: '' }]);
  });
});

describe('incompatibleSdkWarning', () => {
  it('warns when copies of @pulumi/pulumi differ in major version only', () => {
    expect(
      incompatibleSdkWarning(
        new Map([
          ['/a', '3.1.0'],
          ['/b', '3.259.0'],
        ]),
      ),
    ).toBeUndefined();
    expect(
      incompatibleSdkWarning(
        new Map([
          ['/a', '3.1.0'],
          ['/b', '2.0.0'],
        ]),
      ),
    ).toBe(
      'Found incompatible versions of @pulumi/pulumi. Differing major versions are not supported.\n' +
        '  Version 3.1.0 referenced at /a\n' +
        '  Version 2.0.0 referenced at /b\n',
    );
    expect(incompatibleSdkWarning(new Map())).toBeUndefined();
  });
});
