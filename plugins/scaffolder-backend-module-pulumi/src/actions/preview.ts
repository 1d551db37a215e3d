import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { dryRunSecretKeys } from './dryRunSecrets';
import { PulumiStep, assertSucceeded, engineProgress } from './engineProgress';
import { EngineProvider, stepsOutput } from './inputs';
import { PROGRAM_INPUTS, ProgramRun, programRun } from './programRun';
import { examples } from './preview.examples';
import { isError } from '@backstage/errors';
import type {
  OperationRequest,
  OperationResult,
} from '@stackyard/plugin-pulumi-node';

/** A preview of the project in the workspace, with its policy packs: the change summary and the steps. */
export async function runPreview(
  run: ProgramRun,
  ctx: {
    logger: Parameters<typeof engineProgress>[0];
    signal?: AbortSignal;
    isDryRun?: boolean;
  },
): Promise<{ changeSummary: Record<string, number>; steps: PulumiStep[] }> {
  const { engine, ref } = run;
  const request: OperationRequest = {
    ...ref,
    kind: 'preview',
    programDir: run.dir,
    policyPacks: run.policyPacks,
    signal: ctx.signal,
  };
  let progress = engineProgress(ctx.logger);
  let result: OperationResult;
  try {
    result = await engine.runOperation({
      ...request,
      onEvent: progress.onEvent,
    });
  } catch (error) {
    // In a dry run, pulumi:new has not created the stack: preview it as it would be, in a scratch stack.
    if (!ctx.isDryRun || !isError(error) || error.name !== 'NotFoundError') {
      throw error;
    }
    ctx.logger.info(
      `Dry run: the stack ${ref.project}/${ref.stack} does not exist yet; previewing it as a new stack`,
    );
    progress = engineProgress(ctx.logger);
    result = await engine.previewNewStack(
      { ...request, onEvent: progress.onEvent },
      { secretKeys: await dryRunSecretKeys(run.dir, ref.stack) },
    );
  }
  assertSucceeded(`The preview of ${ref.project}/${ref.stack}`, result);
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
          stepsOutput(z, 'The resources that would change, with the operation'),
      },
    },
    async handler(ctx) {
      const { changeSummary, steps } = await runPreview(
        await programRun(options, ctx),
        ctx,
      );
      ctx.output('changeSummary', changeSummary);
      ctx.output('steps', steps);
    },
  });
}
