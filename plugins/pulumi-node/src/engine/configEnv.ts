import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Variables that Stackyard sets itself for every engine process, so that config cannot move a run to
 * another backend, home or engine.
 */
const RESERVED = new Set([
  'PATH',
  'HOME',
  'PULUMI_HOME',
  'PULUMI_BACKEND_URL',
  'PULUMI_CONFIG_PASSPHRASE',
  'PULUMI_CONFIG_PASSPHRASE_FILE',
  'PULUMI_ACCESS_TOKEN',
  'PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION',
  'PULUMI_PLUGIN_DOWNLOAD_URL',
]);

/**
 * Reads an `env` block of app config: variable names to values, for the engine processes of one backend
 * or project. Values usually come from the backend's environment or secrets through `${VAR}`
 * substitution. A bad name, or one that Stackyard sets itself, is an InputError naming the field.
 *
 * @public
 */
export function readEnvConfig(
  config: Config | undefined,
  field: string,
): Record<string, string> | undefined {
  if (!config) return undefined;
  const env: Record<string, string> = {};
  for (const name of config.keys()) {
    if (!NAME.test(name)) {
      throw new InputError(
        `${field}.${name} is not an environment variable name`,
      );
    }
    if (RESERVED.has(name)) {
      throw new InputError(
        `${field}.${name} is set by Stackyard itself and cannot be configured`,
      );
    }
    env[name] = config.getString(name);
  }
  return env;
}
