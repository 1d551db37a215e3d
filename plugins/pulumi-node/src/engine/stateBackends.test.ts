import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readStateBackends } from './stateBackends';

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
