import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { createHash } from 'node:crypto';
import { recordDryRunSecretKeys } from './dryRunSecrets';
import { projectFolder } from './folders';
import {
  EngineProvider,
  STACK_INPUTS,
  checkStackInput,
  plainConfigInput,
  plainConfigValues,
} from './inputs';
import { examples } from './configSet.examples';

/**
 * Creates the `pulumi:config:set` action. Plain values come from the input; secret values only from the
 * task's secrets, by name, so that they are never part of a template's input, a log line or the task's
 * stored state. The engine stores them encrypted and receives them on standard input.
 *
 * @public
 */
export function createPulumiConfigSetAction(options: {
  engine: EngineProvider;
}) {
  return createTemplateAction({
    id: 'pulumi:config:set',
    description:
      "Sets a stack's config: plain values from the input, secret values from the task's secrets by name",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...STACK_INPUTS,
        config: z => plainConfigInput(z, 'Plain config values, by key'),
        secrets: z =>
          z
            .record(z.string(), z.string(), {
              description:
                'Secret config values: config key to the name of a task secret (ctx.secrets) that holds the value; never the value itself',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const engine = await options.engine();
      const ref = checkStackInput(engine, ctx.input);
      const dir = projectFolder(ctx.workspacePath, ctx.input);
      const config: Record<string, { value: string; secret: boolean }> = {};
      for (const [key, value] of Object.entries(
        plainConfigValues(ctx.input.config),
      )) {
        config[key] = { value, secret: false };
      }
      for (const [key, secretName] of Object.entries(ctx.input.secrets ?? {})) {
        const value = ctx.secrets?.[secretName];
        if (typeof value !== 'string' || value === '') {
          throw new InputError(
            `secrets.${key} names the task secret '${secretName}', which the task was not given`,
          );
        }
        config[key] = { value, secret: true };
      }
      const keys = Object.keys(config).sort();
      ctx.logger.info(
        `Setting ${keys.length} config values of ${ref.project}/${
          ref.stack
        }: ${keys
          .map(k => (config[k].secret ? `${k} (secret)` : k))
          .join(', ')}`,
      );
      if (ctx.isDryRun) {
        const secrets = keys.filter(k => config[k].secret);
        await recordDryRunSecretKeys(dir, ref.stack, secrets);
        return;
      }
      if (keys.length === 0) return;
      // The key names the keys, never a value.
      const digest = createHash('sha256').update(keys.join(',')).digest('hex');
      await ctx.checkpoint({
        key: `pulumi:config:set:${ref.backendId}:${ref.project}/${
          ref.stack
        }:${digest.slice(0, 16)}`,
        fn: async () => {
          await engine.setConfig(ref, config, { programDir: dir });
        },
      });
    },
  });
}
