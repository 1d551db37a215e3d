import { stackPackages } from './stackPackages';

describe('stackPackages', () => {
  it('lists providers with their versions, and component types with their package provider version', () => {
    expect(
      stackPackages([
        { type: 'pulumi:pulumi:Stack' },
        {
          type: 'pulumi:providers:stackyard',
          custom: true,
          inputs: { version: '0.2.0' },
        },
        { type: 'stackyard:index:StaticSite' },
        { type: 'stackyard:index:FileSet' },
        { type: 'stackyard:index:FileSet' },
        { type: 'pulumi:providers:pulumi-nodejs', custom: true },
        { type: 'pulumi-nodejs:dynamic/stackyard:LocalFile', custom: true },
        {
          type: 'pulumi:providers:aws',
          custom: true,
          inputs: { version: '6.1.0' },
        },
        {
          type: 'pulumi:providers:aws',
          custom: true,
          inputs: { version: '6.2.0' },
        },
        { type: 'aws:ec2:Vpc', custom: true },
        { type: 'awsx:ec2:Vpc' },
        { type: 'my:Thing' },
      ]),
    ).toEqual([
      {
        kind: 'provider',
        package: 'stackyard',
        version: '0.2.0',
        resources: 1,
      },
      { kind: 'provider', package: 'pulumi-nodejs', resources: 1 },
      { kind: 'provider', package: 'aws', version: '6.1.0', resources: 1 },
      { kind: 'provider', package: 'aws', version: '6.2.0', resources: 1 },
      {
        kind: 'component',
        package: 'stackyard',
        type: 'stackyard:index:StaticSite',
        version: '0.2.0',
        resources: 1,
      },
      {
        kind: 'component',
        package: 'stackyard',
        type: 'stackyard:index:FileSet',
        version: '0.2.0',
        resources: 2,
      },
      {
        kind: 'component',
        package: 'awsx',
        type: 'awsx:ec2:Vpc',
        resources: 1,
      },
      { kind: 'component', package: 'my', type: 'my:Thing', resources: 1 },
    ]);
  });

  it('takes a version from the outputs when the inputs have none', () => {
    expect(
      stackPackages([
        {
          type: 'pulumi:providers:random',
          custom: true,
          outputs: { version: '4.0.0' },
        },
      ]),
    ).toEqual([
      { kind: 'provider', package: 'random', version: '4.0.0', resources: 1 },
    ]);
  });
});
