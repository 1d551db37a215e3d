import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { PulumiEngineService } from '@stackyard/plugin-pulumi-node';
import { checkStackInput, STACK_REF_INPUTS } from './inputs';
import { examples } from './outputs.examples';

/**
 * Creates the `pulumi:outputs` action, which reads the outputs of an existing stack. Secret outputs come
 * back as `[secret]`.
 *
 * @public
 */
export function createPulumiOutputsAction(options: {
  client: () => Promise<PulumiEngineService>;
}) {
  return createTemplateAction({
    id: 'pulumi:outputs',
    description:
      'Reads the outputs of an existing Pulumi stack. Secret outputs come back as [secret].',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...STACK_REF_INPUTS,
      },
      output: {
        outputs: z =>
          z.record(z.string(), z.unknown(), {
            description: 'The stack outputs by name; secrets as [secret]',
          }),
      },
    },
    async handler(ctx) {
      const client = await options.client();
      const ref = checkStackInput(client, ctx.input);
      ctx.logger.info(
        `Reading the outputs of ${ref.project}/${ref.stack} in backend '${ref.backendId}'`,
      );
      const outputs = await client.getOutputs(ref);
      ctx.output('outputs', outputs);
    },
  });
}
