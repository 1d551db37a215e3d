import { SECRET_SIGNATURE_KEY } from './redact';
import { deploymentUrns, stackStateFromDeployment } from './stackState';

const stackUrn = 'urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod';
const awsProvider =
  'urn:pulumi:prod::shop::pulumi:providers:aws::default_6_0_0';
const componentUrn = 'urn:pulumi:prod::shop::acme:web:Site::site';
const bucketUrn =
  'urn:pulumi:prod::shop::acme:web:Site$aws:s3/bucket:Bucket::site-bucket';

const deployment = {
  version: 3,
  deployment: {
    resources: [
      {
        urn: stackUrn,
        type: 'pulumi:pulumi:Stack',
        custom: false,
        outputs: {
          url: 'https://shop.example',
          password: {
            [SECRET_SIGNATURE_KEY]: '1b47061264138c4ac30d75fd1eb44270',
            plaintext: '"hunter22"',
          },
          nested: {
            key: {
              [SECRET_SIGNATURE_KEY]: '1b47061264138c4ac30d75fd1eb44270',
              ciphertext: 'v1:abc',
            },
          },
        },
        created: '2024-01-01T00:00:00Z',
        modified: '2024-01-02T00:00:00Z',
      },
      {
        urn: awsProvider,
        type: 'pulumi:providers:aws',
        custom: true,
        id: 'prov-1',
        inputs: { region: 'eu-west-1', version: '6.0.0' },
        outputs: { region: 'eu-west-1', version: '6.0.0' },
      },
      { urn: componentUrn, type: 'acme:web:Site', parent: stackUrn },
      {
        urn: bucketUrn,
        type: 'aws:s3/bucket:Bucket',
        custom: true,
        id: 'site-bucket-123',
        parent: componentUrn,
        provider: `${awsProvider}::prov-1`,
        inputs: { secretish: 'never shown' },
      },
      {
        urn: 'urn:pulumi:prod::shop::random:index/randomId:RandomId::id',
        type: 'random:index/randomId:RandomId',
        custom: true,
        id: 'r1',
        // A provider that is not in the state: its package comes from its URN.
        provider:
          'urn:pulumi:prod::shop::pulumi:providers:random::default::r-prov',
      },
    ],
  },
};

describe('stackStateFromDeployment', () => {
  const state = stackStateFromDeployment(deployment);

  it('describes each resource, with its provider package and version', () => {
    expect(state.resources).toEqual([
      {
        urn: stackUrn,
        type: 'pulumi:pulumi:Stack',
        name: 'shop-prod',
        custom: false,
        created: '2024-01-01T00:00:00Z',
        modified: '2024-01-02T00:00:00Z',
      },
      {
        urn: awsProvider,
        type: 'pulumi:providers:aws',
        name: 'default_6_0_0',
        custom: true,
        id: 'prov-1',
      },
      {
        urn: componentUrn,
        type: 'acme:web:Site',
        name: 'site',
        custom: false,
        parent: stackUrn,
      },
      {
        urn: bucketUrn,
        type: 'aws:s3/bucket:Bucket',
        name: 'site-bucket',
        custom: true,
        id: 'site-bucket-123',
        parent: componentUrn,
        provider: { urn: awsProvider, package: 'aws', version: '6.0.0' },
      },
      expect.objectContaining({
        name: 'id',
        provider: {
          urn: 'urn:pulumi:prod::shop::pulumi:providers:random::default',
          package: 'random',
        },
      }),
    ]);
  });

  it('takes the root stack outputs, secrets masked without being decrypted', () => {
    expect(state.outputs).toEqual({
      url: 'https://shop.example',
      password: '[secret]',
      nested: { key: '[secret]' },
    });
    expect(JSON.stringify(state)).not.toContain('hunter22');
    expect(JSON.stringify(state)).not.toContain('never shown');
  });

  it('copes with an empty deployment', () => {
    expect(stackStateFromDeployment({ version: 3, deployment: {} })).toEqual({
      resources: [],
      outputs: {},
      stackReferences: [],
      packages: [],
    });
  });
});

describe('deploymentUrns', () => {
  it('lists every URN', () => {
    expect(deploymentUrns(deployment).has(bucketUrn)).toBe(true);
    expect(deploymentUrns(deployment).size).toBe(5);
  });
});
