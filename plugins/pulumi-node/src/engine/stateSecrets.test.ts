import type { Deployment } from '@pulumi/pulumi/automation';
import { SECRET_SIGNATURE_KEY } from './redact';
import { secretInputDiffs } from './stateSecrets';

// How an export with secrets shown holds a secret, and one it could not decrypt.
const secret = (value: unknown) => ({
  [SECRET_SIGNATURE_KEY]: '1b47061264138c4ac30d75fd1eb44270',
  plaintext: JSON.stringify(value),
});
const encrypted = {
  [SECRET_SIGNATURE_KEY]: '1b47061264138c4ac30d75fd1eb44270',
  ciphertext: 'v1:abc',
};

function deployment(
  resources: Array<{ urn: string; inputs?: object; outputs?: object }>,
): Deployment {
  return { version: 3, deployment: { resources } };
}

describe('secretInputDiffs', () => {
  it('names the secrets whose input and output differ, at any depth, and none of their values', () => {
    const diffs = secretInputDiffs(
      deployment([
        {
          urn: 'urn:a',
          inputs: {
            apiKey: secret('key-1111'),
            content: secret('typed-by-code'),
            tags: { token: secret('t-one') },
            list: [secret(1), secret(2)],
          },
          outputs: {
            apiKey: secret('key-1111'),
            content: secret('typed-by-hand'),
            tags: { token: secret('t-two') },
            list: [secret(1), secret(3)],
          },
        },
        {
          urn: 'urn:same',
          inputs: { apiKey: secret('key-1111') },
          outputs: { apiKey: secret('key-1111') },
        },
      ]),
    );
    expect(diffs).toEqual(
      new Map([['urn:a', new Set(['content', 'tags.token', 'list[1]'])]]),
    );
    expect(JSON.stringify([...diffs.values()].map(v => [...v]))).not.toMatch(
      /key-1111|typed|t-one|t-two/,
    );
  });

  it('compares values, not how they are written or marked', () => {
    const diffs = secretInputDiffs(
      deployment([
        {
          urn: 'urn:a',
          inputs: {
            doc: secret({ a: 1, b: [2] }),
            plainOut: secret('same'),
            whole: secret({ inner: 'x' }),
          },
          // Keys in another order; a secret input echoed as a plain output; an output whose part is secret.
          outputs: {
            doc: secret({ b: [2], a: 1 }),
            plainOut: 'same',
            whole: { inner: secret('x') },
          },
        },
      ]),
    );
    expect(diffs.size).toBe(0);
  });

  it('says nothing of secrets it cannot compare: never decrypted, or on one side only', () => {
    const diffs = secretInputDiffs(
      deployment([
        {
          urn: 'urn:a',
          inputs: { content: encrypted, password: secret('in-only') },
          outputs: { content: secret('other'), generated: secret('out-only') },
        },
        { urn: 'urn:b' },
      ]),
    );
    expect(diffs.size).toBe(0);
  });
});
