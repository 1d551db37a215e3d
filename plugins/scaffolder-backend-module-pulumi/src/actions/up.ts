import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  APPROVAL_TIMEOUT_INPUT,
  ApprovalGate,
  gatedOperation,
  stackRefOf,
} from './approvedRun';
import { assertSucceeded, engineProgress } from './engineProgress';
import { EngineProvider, stepsOutput } from './inputs';
import { PROGRAM_INPUTS, programRun } from './programRun';
import { runPreview } from './preview';
import { examples } from './up.examples';

/**
 * Creates the `pulumi:up` action: updates a stack with the project in the workspace, waits for the end,
 * and returns the outputs to later steps, secrets as `[secret]` unless named in `revealOutputs`. Under a
 * dry run it previews instead and returns the same shape. A recovered task does not run `up` again. On a
 * protected stack, it saves the update's plan, waits for someone else to approve it in the Pulumi plugin
 * (up to `approvalTimeoutMinutes`), and applies exactly that plan.
 *
 * @public
 */
export function createPulumiUpAction(options: {
  engine: EngineProvider;
  config: Config;
  approvals: ApprovalGate;
}) {
  return createTemplateAction({
    id: 'pulumi:up',
    description:
      'Updates a stack with the project in the task workspace and returns its outputs; a preview under dry run',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...PROGRAM_INPUTS,
        ...APPROVAL_TIMEOUT_INPUT,
        revealOutputs: z =>
          z
            .array(z.string(), {
              description:
                'Secret outputs to return in plain text to later steps; every other secret output is [secret]',
            })
            .optional(),
      },
      output: {
        changeSummary: z =>
          z.record(z.string(), z.number(), {
            description: 'How many resources each operation touched',
          }),
        steps: z =>
          stepsOutput(z, 'The resources that changed, with the operation'),
        outputs: z =>
          z.record(z.string(), z.unknown(), {
            description:
              'The stack outputs; secrets as [secret] unless revealed; empty under dry run',
          }),
      },
    },
    async handler(ctx) {
      const run = await programRun(options, ctx);
      const { engine, ref } = run;
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: previewing instead of updating');
        const { changeSummary, steps } = await runPreview(run, ctx);
        ctx.output('changeSummary', changeSummary);
        ctx.output('steps', steps);
        ctx.output('outputs', {});
        return;
      }
      // The checkpoint keeps what the update returned, with secrets as [secret]: a recovered task takes
      // it from there instead of running up a second time.
      const done = await ctx.checkpoint({
        key: `pulumi:up:${ref.backendId}:${ref.project}/${ref.stack}`,
        fn: async () => {
          const gated = await options.approvals.protection.isProtected(
            stackRefOf(ref),
          );
          if (run.policyPacks.length > 0 && !gated) {
            // The engine checks policies as it goes, so an update would leave what came before a
            // violation in place; a preview first stops a violating update before it changes anything.
            // The preview that plans a protected stack's update checks them already.
            ctx.logger.info('Checking the policy packs with a preview first');
            await runPreview(run, ctx);
          }
          const progress = engineProgress(ctx.logger);
          const request = {
            kind: 'up' as const,
            programDir: run.dir,
            policyPacks: run.policyPacks,
            onEvent: progress.onEvent,
            signal: ctx.signal,
          };
          const result = assertSucceeded(
            `The update of ${ref.project}/${ref.stack}`,
            await gatedOperation(options.approvals, ctx, {
              engine,
              ref,
              request,
              gated,
              timeoutMinutes: ctx.input.approvalTimeoutMinutes,
            }),
          );
          return {
            changeSummary: result.changeSummary,
            steps: progress.steps.map(s => ({ ...s })),
          };
        },
      });
      ctx.output('changeSummary', done.changeSummary);
      ctx.output('steps', done.steps);
      ctx.output(
        'outputs',
        await engine.getOutputs(ref, { reveal: ctx.input.revealOutputs }),
      );
    },
  });
}
