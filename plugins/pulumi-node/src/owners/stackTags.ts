import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PULUMI_TAG_NAME_PATTERN } from '@stackyard/plugin-pulumi-common';

/**
 * The names of the stack tags that give a stack's owner, system and component.
 *
 * @public
 */
export interface StackTagNames {
  owner: string;
  system: string;
  component: string;
}

const CONFIG_KEY = 'catalog.providers.pulumi.tags';

/**
 * Reads `catalog.providers.pulumi.tags`: the stack tag names that give a stack's owner, system and
 * component, `backstage.io:owner` and so on by default. The backend reads the owner tag from the same
 * key as the catalog module, so that both agree on who owns a stack.
 *
 * @public
 */
export function readStackTagNames(config: Config): StackTagNames {
  const tags = config.getOptionalConfig(CONFIG_KEY);
  const read = (name: keyof StackTagNames) => {
    const value = tags?.getOptionalString(name) ?? `backstage.io:${name}`;
    if (!PULUMI_TAG_NAME_PATTERN.test(value)) {
      throw new InputError(
        `${CONFIG_KEY}.${name} '${value}' is not a stack tag name: up to 40 letters, digits, '_', '.', ':' or '-' (no '/'), for example 'backstage.io:${name}'`,
      );
    }
    return value;
  };
  return {
    owner: read('owner'),
    system: read('system'),
    component: read('component'),
  };
}
