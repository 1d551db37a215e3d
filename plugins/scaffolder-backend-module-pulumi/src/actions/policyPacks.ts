import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { PolicyPackRequest } from '@stackyard/plugin-pulumi-node';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z as zod } from 'zod/v3';
import { namedFolders, workspaceFolder } from './folders';

/** The description of the `policyPacks` input of preview and up. */
export const POLICY_PACKS_DESCRIPTION =
  'Policy packs to enforce: each the name of a pack in pulumi.policyPacks of app config, or a folder of the task workspace that holds a PulumiPolicy.yaml: a name alone, or an object with the config of its policies (by policy name, an enforcement level or an object of settings). A mandatory violation fails the step; advisory ones are logged as warnings';

/** The `policyPacks` input of preview and up, in the form `createTemplateAction` takes it. */
export const POLICY_PACKS_INPUT = {
  policyPacks: (z: typeof zod) =>
    z
      .array(
        z.union([
          z.string({
            description:
              'A pack named in pulumi.policyPacks, or a folder of the task workspace, with its default config',
          }),
          z.object({
            pack: z.string({
              description:
                'A pack named in pulumi.policyPacks, or a folder of the task workspace',
            }),
            config: z
              .record(z.string(), z.unknown(), {
                description: 'The config of its policies, by policy name',
              })
              .optional(),
          }),
        ]),
        { description: POLICY_PACKS_DESCRIPTION },
      )
      .optional(),
};

/** The `policyPacks` input of preview and up. */
export interface PolicyPacksInput {
  policyPacks?: Array<
    string | { pack: string; config?: Record<string, unknown> }
  >;
}

/**
 * The policy packs of a step: names of the packs that app config lists under `pulumi.policyPacks`, or
 * folders of the task workspace. Each unknown one is an InputError naming its place in `policyPacks`.
 */
export function resolvePolicyPacks(
  config: Config,
  workspacePath: string,
  input: PolicyPacksInput,
): PolicyPackRequest[] {
  const named = namedFolders(config, 'pulumi.policyPacks');
  return (input.policyPacks ?? []).map((item, i) => {
    const { pack, config: packConfig } =
      typeof item === 'string' ? { pack: item, config: undefined } : item;
    const dir =
      named.get(pack) ??
      workspaceFolder(workspacePath, pack, `policyPacks[${i}].pack`);
    if (!existsSync(path.join(dir, 'PulumiPolicy.yaml'))) {
      throw new InputError(
        `policyPacks[${i}].pack '${pack}' is neither a pack in pulumi.policyPacks (${
          [...named.keys()].join(', ') || 'none configured'
        }) nor a folder of the task workspace with a PulumiPolicy.yaml`,
      );
    }
    return { dir, ...(packConfig ? { config: packConfig } : {}) };
  });
}
