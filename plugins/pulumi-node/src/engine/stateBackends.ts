import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readEnvConfig } from './configEnv';
import { PULUMI_BACKEND_ID_PATTERN as BACKEND_ID_PATTERN } from '@stackyard/plugin-pulumi-common';

/**
 * A state backend and the credentials it needs.
 *
 * @public
 */
export interface StateBackend {
  /** `file://`, `postgres://`, `s3://`, `gs://`, `azblob://`, or a Pulumi Cloud URL. */
  url: string;
  passphrase?: string;
  accessToken?: string;
  /**
   * Further variables for this backend's engine processes (`pulumi.backends[].env`), such as the storage
   * protocol's credentials and endpoint.
   */
  env?: Record<string, string>;
}

/**
 * A state backend from app config.
 *
 * @public
 */
export interface ConfiguredStateBackend extends StateBackend {
  /** The id that the API, the catalog and templates use to name this backend. */
  id: string;
}

const BACKEND_SCHEMES = [
  'file:',
  'postgres:',
  's3:',
  'gs:',
  'azblob:',
  'https:',
];

/**
 * Reads `pulumi.backends` from app config. A passphrase or token may be given inline (usually through
 * `${ENV}` substitution) or as the name of an environment variable to read it from.
 *
 * @public
 */
export function readStateBackends(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): ConfiguredStateBackend[] {
  const seen = new Set<string>();
  return (config.getOptionalConfigArray('pulumi.backends') ?? []).map(
    (c, index) => {
      const field = `pulumi.backends[${index}]`;
      const id = c.getString('id');
      if (!BACKEND_ID_PATTERN.test(id)) {
        throw new InputError(
          `${field}.id '${id}' must be lowercase letters, digits and dashes, for example 'local'`,
        );
      }
      if (seen.has(id)) {
        throw new InputError(`${field}.id '${id}' is used twice`);
      }
      seen.add(id);
      const url = c.getString('url');
      let scheme: string;
      try {
        scheme = new URL(url).protocol;
      } catch {
        throw new InputError(
          `${field}.url is not a URL, for example 'file:///var/lib/pulumi'`,
        );
      }
      if (!BACKEND_SCHEMES.includes(scheme)) {
        throw new InputError(
          `${field}.url has the unsupported scheme '${scheme}'; use one of ${BACKEND_SCHEMES.join(
            ', ',
          )}`,
        );
      }
      const fromEnv = (key: string) => {
        const name = c.getOptionalString(key);
        if (name === undefined) return undefined;
        const value = env[name];
        if (value === undefined) {
          throw new InputError(
            `${field}.${key} names ${name}, which is not set`,
          );
        }
        return value;
      };
      return {
        id,
        url,
        passphrase:
          c.getOptionalString('passphrase') ?? fromEnv('passphraseEnv'),
        accessToken:
          c.getOptionalString('accessToken') ?? fromEnv('accessTokenEnv'),
        env: readEnvConfig(c.getOptionalConfig('env'), `${field}.env`),
      };
    },
  );
}

// Query parameters that carry credentials in the URLs of the supported backends: PostgreSQL's `password`,
// Azure's `sas`/`sig` tokens, S3's `secret`… Matching by name keeps the rule working for parameters we have
// not met yet.
const CREDENTIAL_PARAM = /pass|secret|token|sig|sas|key|credential|auth/i;

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * The backend URL as it may be shown: without the password of its user info and without query parameters
 * that carry credentials. A URL with nothing to remove comes back unchanged.
 *
 * @public
 */
export function publicBackendUrl(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return url;
  let changed = false;
  if (parsed.password) {
    parsed.password = '';
    changed = true;
  }
  for (const name of [...new Set(parsed.searchParams.keys())]) {
    if (CREDENTIAL_PARAM.test(name)) {
      parsed.searchParams.delete(name);
      changed = true;
    }
  }
  return changed ? parsed.toString() : url;
}

/**
 * The credentials inside a backend URL (the password and credential-like query parameters), raw and
 * percent-decoded, so that they can be removed wherever the engine repeats them.
 *
 * @public
 */
export function backendUrlSecrets(url: string): string[] {
  const parsed = parseUrl(url);
  if (!parsed) return [];
  const secrets: string[] = [];
  const add = (raw: string) => {
    if (!raw) return;
    secrets.push(raw);
    try {
      secrets.push(decodeURIComponent(raw));
    } catch {
      // A malformed escape: the raw form is all there is.
    }
  };
  add(parsed.password);
  for (const [name, value] of parsed.searchParams) {
    if (CREDENTIAL_PARAM.test(name)) {
      secrets.push(value, encodeURIComponent(value));
    }
  }
  return secrets.filter(Boolean);
}
