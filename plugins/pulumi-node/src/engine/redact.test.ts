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
