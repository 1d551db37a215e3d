import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  PolicyPackRequest,
  PulumiEngineClient,
  StackRef,
} from '@stackyard/plugin-pulumi-node';
import {
  assertSucceeded,
  checkStackInput,
  EngineProvider,
  engineProgress,
  projectFolder,
  PROGRAM_INPUTS,
  resolvePolicyPacks,
  PulumiStep,
} from './common';
import { examples } from './preview.examples';

/** A preview of the project in the workspace: the change summary and the steps. */
export async function runPreview(
  engine: PulumiEngineClient,
  ref: StackRef,
  programDir: string,
  policyPacks: PolicyPackRequest[],
  ctx: {
    logger: Parameters<typeof engineProgress>[0];
    signal?: AbortSignal;
  },
): Promise<{ changeSummary: Record<string, number>; steps: PulumiStep[] }> {
  const progress = engineProgress(ctx.logger);
  const result = assertSucceeded(
    `The preview of ${ref.project}/${ref.stack}`,
    await engine.runOperation({
      ...ref,
      kind: 'preview',
      programDir,
      policyPacks,
      onEvent: progress.onEvent,
      signal: ctx.signal,
    }),
  );
  return { changeSummary: result.changeSummary, steps: progress.steps };
}

/**
 * Creates the `pulumi:preview` action: what an `up` of the project in the workspace would change.
 *
 * @public
 */
export function createPulumiPreviewAction(options: {
  engine: EngineProvider;
  config: Config;
}) {
  return createTemplateAction({
    id: 'pulumi:preview',
    description:
      'Previews an update of a stack with the project in the task workspace: the change summary and the steps',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...PROGRAM_INPUTS,
      },
      output: {
        changeSummary: z =>
          z.record(z.string(), z.number(), {
            description: 'How many resources each operation touches',
          }),
        steps: z =>
          z.array(
            z.object({ op: z.string(), urn: z.string(), type: z.string() }),
            {
              description:
                'The resources that would change, with the operation',
            },
          ),
      },
    },
    async handler(ctx) {
      const engine = await options.engine();
      const ref = checkStackInput(engine, ctx.input);
      const dir = projectFolder(ctx.workspacePath, ctx.input);
      const packs = resolvePolicyPacks(
        options.config,
        ctx.workspacePath,
        ctx.input,
      );
      const { changeSummary, steps } = await runPreview(
        engine,
        ref,
        dir,
        packs,
        ctx,
      );
      ctx.output('changeSummary', changeSummary);
      ctx.output('steps', steps);
    },
  });
}
