import {
  createRedactor,
  isSecretValue,
  SECRET_PLACEHOLDER,
  SECRET_SIGNATURE_KEY,
  secretConfigValues,
  secretStrings,
} from './redact';

const secret = (plaintext: unknown) => ({
  [SECRET_SIGNATURE_KEY]: '1b47061264138c4ac30d75fd1eb44270',
  plaintext: JSON.stringify(plaintext),
});

describe('createRedactor', () => {
  it('replaces every occurrence of a known secret inside any string, at any depth', () => {
    const redactor = createRedactor(['hunter22', undefined, null]);
    expect(
      redactor.redact({
        message: 'password hunter22, again: hunter22',
        list: ['x', { deep: 'prefix-hunter22-suffix' }],
        count: 3,
        flag: true,
        none: null,
        'key-hunter22': 'value',
      }),
    ).toEqual({
      message: 'password [secret], again: [secret]',
      list: ['x', { deep: 'prefix-[secret]-suffix' }],
      count: 3,
      flag: true,
      none: null,
      'key-[secret]': 'value',
    });
  });

  it('replaces secrets in Pulumi encoding whole, without looking inside', () => {
    expect(
      createRedactor().redact({ token: secret('abc'), plain: 'abc' }),
    ).toEqual({ token: SECRET_PLACEHOLDER, plain: 'abc' });
  });

  it('ignores secrets shorter than 4 characters', () => {
    expect(createRedactor(['abc', '']).redact('abc and more')).toBe(
      'abc and more',
    );
  });

  it('replaces a secret that contains another whole', () => {
    expect(createRedactor(['pass', 'password99']).redact('password99')).toBe(
      '[secret]',
    );
  });

  it('also replaces the JSON-escaped form of a secret', () => {
    const value = 'line one\nwith "quotes"';
    expect(
      createRedactor([value]).redact(`payload: ${JSON.stringify(value)}`),
    ).toBe('payload: "[secret]"');
  });

  it('treats special characters in secrets literally', () => {
    expect(createRedactor(['a.b*c(d)']).redact('aXbbc a.b*c(d)')).toBe(
      'aXbbc [secret]',
    );
  });

  it('turns errors into their redacted name and message', () => {
    expect(
      createRedactor(['topsecret']).redact(new TypeError('bad topsecret')),
    ).toEqual({ name: 'TypeError', message: 'bad [secret]' });
  });

  it('leaves the input alone and learns more secrets on request', () => {
    const input = { a: 'first-secret second-secret' };
    const first = createRedactor(['first-secret']);
    const both = first.with(['second-secret']);
    expect(first.redact(input)).toEqual({ a: '[secret] second-secret' });
    expect(both.redact(input)).toEqual({ a: '[secret] [secret]' });
    expect(input).toEqual({ a: 'first-secret second-secret' });
  });
});

// Deterministic filler, so that no test depends on chance.
function filler(length: number, seed: number): string {
  let text = '';
  let state = seed;
  while (text.length < length) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    text += state.toString(36);
  }
  return text.slice(0, length);
}

const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

describe('createRedactor, with secrets of any number and size', () => {
  it('ignores a 1-byte secret, as every one under 4 characters, and redacts the others', () => {
    const redactor = createRedactor(['x', 'long-secret']);
    expect(redactor.redact('x marks long-secret, x')).toBe(
      'x marks [secret], x',
    );
  });

  it('redacts with a 32 KiB secret beside another, and names neither in any error', () => {
    const other = 'other-secret-value';
    const redactor = createRedactor([other, 'x'.repeat(32 * 1024)]);
    expect(redactor.redact(`${'x'.repeat(32 * 1024)} and ${other}`)).toBe(
      '[secret] and [secret]',
    );
  });

  it('redacts a 64 KiB secret beside another', () => {
    const big = filler(64 * 1024, 64);
    expect(
      createRedactor([big, 'other-secret']).redact(`<${big}> other-secret`),
    ).toBe('<[secret]> [secret]');
  });

  it('redacts a 1 MiB secret as it is, JSON-escaped and base64-encoded', () => {
    const lines = Array.from(
      { length: 32 * 1024 },
      (_, i) => `${filler(40, i)} "q" \\ $^.*+?()[]{}|\n`,
    );
    const huge = lines.join('').slice(0, 1024 * 1024);
    expect(huge.length).toBe(1024 * 1024);
    const text = `raw=${huge} json=${JSON.stringify(huge)} b64=${base64(huge)}`;
    expect(createRedactor([huge]).redact(text)).toBe(
      'raw=[secret] json="[secret]" b64=[secret]',
    );
    // Three megabytes to read, which jest's instrumented code takes seconds for.
  }, 60_000);

  it('redacts a repetitive secret that appears twice in a row', () => {
    const repetitive = 'ab'.repeat(128 * 1024);
    expect(
      createRedactor([repetitive]).redact(`<${repetitive}${repetitive}a>`),
    ).toBe('<[secret]a>');
  });

  it('redacts each of a thousand secrets, wherever it is', () => {
    const secrets = Array.from({ length: 1000 }, (_, i) => filler(20, i));
    const text = secrets
      .map((s, i) => (i % 2 ? `word ${s}` : `b64 ${base64(s)}`))
      .join(' ');
    const expected = secrets
      .map((_, i) => (i % 2 ? 'word [secret]' : 'b64 [secret]'))
      .join(' ');
    expect(createRedactor(secrets).redact(text)).toBe(expected);
  });

  it('takes regular expression metacharacters literally', () => {
    const secrets = ['.*.*', '(a|b)+', '^$^$', '[a-z]{4}', '\\d+\\', 'a?b?c?'];
    const redactor = createRedactor(secrets);
    expect(redactor.redact('abcd ab abc a\\d+ xyzw')).toBe(
      'abcd ab abc a\\d+ xyzw',
    );
    expect(redactor.redact(secrets.join(' '))).toBe(
      secrets.map(() => '[secret]').join(' '),
    );
  });

  it('redacts overlapping secrets together, leaving no part of either', () => {
    expect(createRedactor(['abcdef', 'defghi']).redact('>abcdefghi<')).toBe(
      '>[secret]<',
    );
  });

  it('redacts the base64 of a secret, padded or not, in either alphabet', () => {
    const password = 'pass>>>?word';
    const bytes = Buffer.from(password);
    const redactor = createRedactor([password]);
    for (const encoded of [
      bytes.toString('base64'),
      bytes.toString('base64').replace(/=+$/, ''),
      bytes.toString('base64url'),
    ]) {
      expect(redactor.redact(`token: ${encoded}.`)).toBe('token: [secret].');
    }
  });

  it('redacts a secret inside a longer base64 text, at any alignment, but for the characters it shares', () => {
    const token = 'sEcReT-kube-token';
    const redactor = createRedactor([token]);
    for (let before = 0; before < 6; before++) {
      const bytes = Buffer.concat([
        Buffer.alloc(before, 0xa5),
        Buffer.from(token),
        Buffer.alloc(7, 0x5a),
      ]);
      const encoded = bytes.toString('base64');
      // The characters whose 6 bits all belong to the secret.
      const start = Math.ceil((8 * before) / 6);
      const end = Math.floor((8 * (before + token.length)) / 6);
      expect(redactor.redact(encoded)).toBe(
        `${encoded.slice(0, start)}[secret]${encoded.slice(end)}`,
      );
    }
  });

  it('redacts a secret that was JSON-escaped and then base64-encoded', () => {
    const key = '-----BEGIN KEY-----\nMIIEv "k" Q==\n-----END KEY-----';
    const escaped = JSON.stringify(key).slice(1, -1);
    const encoded = Buffer.from(JSON.stringify({ key })).toString('base64');
    // `{"key":"` is 8 bytes, so the escaped key starts 2 bytes after a multiple of 3.
    const start = Math.ceil((8 * 8) / 6);
    const end = Math.floor((8 * (8 + escaped.length)) / 6);
    expect(createRedactor([key]).redact(encoded)).toBe(
      `${encoded.slice(0, start)}[secret]${encoded.slice(end)}`,
    );
  });
});

describe('secretStrings', () => {
  it('collects the plaintexts of secrets, also of structured ones', () => {
    expect(
      secretStrings({
        resources: [
          {
            outputs: {
              plain: 'not-a-secret',
              token: secret('tok-123'),
              nested: { more: secret({ user: 'admin', pin: 9876, on: true }) },
            },
          },
        ],
      }),
    ).toEqual(['tok-123', 'admin', '9876', 'true']);
  });

  it('collects nothing from values that are only ciphertext', () => {
    expect(
      secretStrings({
        [SECRET_SIGNATURE_KEY]: '1b47061264138c4ac30d75fd1eb44270',
        ciphertext: 'v1:abc',
      }),
    ).toEqual([]);
  });

  it('reads the in-memory form that carries the value', () => {
    expect(
      secretStrings({
        [SECRET_SIGNATURE_KEY]: '1b47061264138c4ac30d75fd1eb44270',
        value: 'in-memory',
      }),
    ).toEqual(['in-memory']);
  });
});

describe('secretConfigValues', () => {
  it('returns the values of secret entries, and the parts of structured ones', () => {
    expect(
      secretConfigValues({
        'p:plain': { value: 'visible', secret: false },
        'p:key': { value: 'api-key-1', secret: true },
        'p:obj': { value: '{"user":"root","pass":"pa55word"}', secret: true },
      }),
    ).toEqual([
      'api-key-1',
      '{"user":"root","pass":"pa55word"}',
      'root',
      'pa55word',
    ]);
    expect(secretConfigValues(undefined)).toEqual([]);
  });
});

describe('isSecretValue', () => {
  it('recognizes the signature key', () => {
    expect(isSecretValue(secret('x'))).toBe(true);
    expect(isSecretValue({ plaintext: 'x' })).toBe(false);
    expect(isSecretValue('x')).toBe(false);
    expect(isSecretValue(null)).toBe(false);
  });
});
