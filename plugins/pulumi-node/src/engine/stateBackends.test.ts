import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  backendUrlSecrets,
  publicBackendUrl,
  readStateBackends,
} from './stateBackends';

const read = (backends: JsonObject[], env: NodeJS.ProcessEnv = {}) =>
  readStateBackends(new ConfigReader({ pulumi: { backends } }), env);

describe('readStateBackends', () => {
  it('reads backends and takes credentials from named environment variables', () => {
    expect(
      read(
        [
          { id: 'local', url: 'file:///var/lib/pulumi', passphraseEnv: 'PP' },
          { id: 'cloud', url: 'https://api.pulumi.com', accessToken: 'tok' },
        ],
        { PP: 'secret' },
      ),
    ).toEqual([
      {
        id: 'local',
        url: 'file:///var/lib/pulumi',
        passphrase: 'secret',
        accessToken: undefined,
      },
      {
        id: 'cloud',
        url: 'https://api.pulumi.com',
        passphrase: undefined,
        accessToken: 'tok',
      },
    ]);
  });

  it.each([
    [
      [{ id: 'Bad Id', url: 'file:///x' }],
      /pulumi\.backends\[0\]\.id 'Bad Id' must be/,
    ],
    [
      [
        { id: 'a', url: 'file:///x' },
        { id: 'a', url: 'file:///y' },
      ],
      /pulumi\.backends\[1\]\.id 'a' is used twice/,
    ],
    [
      [{ id: 'a', url: 'not a url' }],
      /pulumi\.backends\[0\]\.url is not a URL/,
    ],
    [[{ id: 'a', url: 'ftp://x' }], /unsupported scheme 'ftp:'/],
    [
      [{ id: 'a', url: 'file:///x', passphraseEnv: 'MISSING' }],
      /passphraseEnv names MISSING, which is not set/,
    ],
  ])('rejects %j naming the field', (backends, message) => {
    expect(() => read(backends)).toThrow(message);
  });
});

describe('publicBackendUrl', () => {
  it.each([
    ['file:///var/lib/pulumi', 'file:///var/lib/pulumi'],
    ['https://api.pulumi.com', 'https://api.pulumi.com'],
    [
      'postgres://pulumi:p%40ss@db:5432/state?sslmode=disable',
      'postgres://pulumi@db:5432/state?sslmode=disable',
    ],
    [
      'postgres://db/state?user=pulumi&password=hunter22&sslmode=require',
      'postgres://db/state?user=pulumi&sslmode=require',
    ],
    [
      'azblob://state?storage_account=acct&sas_token=sv%3D1%26sig%3Dabc',
      'azblob://state?storage_account=acct',
    ],
    [
      's3://bucket/prefix?region=eu-west-1',
      's3://bucket/prefix?region=eu-west-1',
    ],
  ])('shows %s as %s', (url, shown) => {
    expect(publicBackendUrl(url)).toBe(shown);
  });
});

describe('backendUrlSecrets', () => {
  it('returns the password and credential parameters, raw and decoded', () => {
    expect(
      backendUrlSecrets(
        'postgres://pulumi:p%40ss@db/state?password=hunter22&sslmode=disable',
      ),
    ).toEqual(['p%40ss', 'p@ss', 'hunter22', 'hunter22']);
    expect(backendUrlSecrets('file:///var/lib/pulumi')).toEqual([]);
    expect(backendUrlSecrets('not a url')).toEqual([]);
  });
});
