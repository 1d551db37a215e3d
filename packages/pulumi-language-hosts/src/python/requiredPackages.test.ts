import { pluginVersionOf, requiredPackages } from './requiredPackages';

describe('pluginVersionOf', () => {
  it.each([
    ['6.1.0', '6.1.0'],
    ['6.1.0.post2', '6.1.0'],
    ['6.1.0a1700000000', undefined],
    ['6.1.0rc1', undefined],
    ['6.1', undefined],
  ])('%s is the plugin version %s', (version, expected) => {
    expect(pluginVersionOf(version)).toBe(expected);
  });
});

describe('requiredPackages', () => {
  it("follows each package's plugin file, else the pulumi- naming convention", () => {
    const found = requiredPackages([
      { name: 'pulumi', version: '3.259.0' },
      { name: 'pulumi-policy', version: '1.13.0' },
      { name: 'pulumi-random', version: '4.18.2' },
      { name: 'pulumi-beta', version: '1.0.0b3' },
      { name: 'requests', version: '2.32.0' },
      {
        name: 'acme-cloud',
        version: '0.3.0',
        plugin: {
          resource: true,
          name: 'acme',
          version: 'v0.3.1',
          server: 'https://plugins.example/acme',
        },
      },
      {
        name: 'pulumi-components',
        version: '1.0.0',
        plugin: { resource: false },
      },
      {
        name: 'pulumi-terraform-provider',
        version: '0.9.0',
        plugin: {
          resource: true,
          name: 'terraform-provider',
          version: '0.9.0',
          parameterization: { name: 'tls', version: '4.0.6', value: 'e30=' },
        },
      },
    ]);
    expect(found).toEqual([
      {
        name: 'random',
        version: 'v4.18.2',
        server: '',
        parameterization: undefined,
      },
      {
        name: 'acme',
        version: 'v0.3.1',
        server: 'https://plugins.example/acme',
        parameterization: undefined,
      },
      {
        name: 'terraform-provider',
        version: 'v0.9.0',
        server: '',
        parameterization: {
          name: 'tls',
          version: '4.0.6',
          value: new Uint8Array(Buffer.from('{}')),
        },
      },
    ]);
  });
});
