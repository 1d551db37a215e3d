import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { PulumiEngineService } from '@stackyard/plugin-pulumi-node';
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
        backend: z =>
          z
            .string({
              description:
                'The id of a state backend configured under pulumi.backends in app config',
            })
            .min(1),
        project: z =>
          z.string({ description: 'The Pulumi project name' }).min(1),
        stack: z =>
          z
            .string({
              description: 'The stack name within the project, for example dev',
            })
            .min(1),
      },
      output: {
        outputs: z =>
          z.record(z.string(), z.unknown(), {
            description: 'The stack outputs by name; secrets as [secret]',
          }),
      },
    },
    async handler(ctx) {
      const { backend, project, stack } = ctx.input;
      ctx.logger.info(
        `Reading the outputs of ${project}/${stack} in backend '${backend}'`,
      );
      const client = await options.client();
      const outputs = await client.getOutputs({
        backendId: backend,
        project,
        stack,
      });
      ctx.output('outputs', outputs);
    },
  });
}
