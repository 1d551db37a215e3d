import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { StateBackend } from './inlineStack';

/**
 * A state backend from app config.
 *
 * @public
 */
export interface ConfiguredStateBackend extends StateBackend {
  /** The id that the API, the catalog and templates use to name this backend. */
  id: string;
}

const BACKEND_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
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
      if (!BACKEND_ID.test(id)) {
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
      };
    },
  );
}
