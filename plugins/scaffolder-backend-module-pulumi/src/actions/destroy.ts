import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  APPROVAL_TIMEOUT_INPUT,
  ApprovalGate,
  gatedOperation,
  stackRefOf,
} from './approvedRun';
import { assertSucceeded, engineProgress } from './engineProgress';
import { EngineProvider, STACK_REF_INPUTS, checkStackInput } from './inputs';
import { examples } from './destroy.examples';

/**
 * Creates the `pulumi:destroy` action. It needs `confirm: true`. `targets` limits it to those resources
 * (by URN); without them every resource goes, and `removeStack` then also removes the stack. On a
 * protected stack, the destroy waits for someone else to approve its plan, as `pulumi:up` does.
 *
 * @public
 */
export function createPulumiDestroyAction(options: {
  engine: EngineProvider;
  approvals: ApprovalGate;
}) {
  return createTemplateAction({
    id: 'pulumi:destroy',
    description:
      'Destroys the resources of a stack, or only the targeted ones, and can remove the stack',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...STACK_REF_INPUTS,
        ...APPROVAL_TIMEOUT_INPUT,
        confirm: z =>
          z.boolean({
            description: 'Must be true: destroying deletes real resources',
          }),
        targets: z =>
          z
            .array(z.string(), {
              description:
                'URNs of the only resources to destroy; everything else stays',
            })
            .optional(),
        removeStack: z =>
          z
            .boolean({
              description:
                'Also remove the stack from its backend once it is empty (not with targets)',
            })
            .optional(),
      },
      output: {
        changeSummary: z =>
          z.record(z.string(), z.number(), {
            description: 'How many resources each operation touched',
          }),
      },
    },
    async handler(ctx) {
      if (ctx.input.confirm !== true) {
        throw new InputError(
          'confirm must be true: pulumi:destroy deletes real resources',
        );
      }
      const engine = await options.engine();
      const ref = checkStackInput(engine, ctx.input);
      const targets = ctx.input.targets ?? [];
      if (ctx.input.removeStack && targets.length > 0) {
        throw new InputError(
          'removeStack cannot go with targets: the stack keeps the other resources',
        );
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would destroy ${
            targets.length > 0 ? `${targets.length} resources of` : 'all of'
          } ${ref.project}/${ref.stack}`,
        );
        ctx.output('changeSummary', {});
        return;
      }
      const result = await ctx.checkpoint({
        key: `pulumi:destroy:${ref.backendId}:${ref.project}/${
          ref.stack
        }:${targets.join(',')}`,
        fn: async () => {
          const progress = engineProgress(ctx.logger);
          const request = {
            kind: 'destroy' as const,
            ...(targets.length > 0 ? { targets } : {}),
            onEvent: progress.onEvent,
            signal: ctx.signal,
          };
          const gated = await options.approvals.protection.isProtected(
            stackRefOf(ref),
          );
          const done = assertSucceeded(
            `The destroy of ${ref.project}/${ref.stack}`,
            await gatedOperation(options.approvals, ctx, {
              engine,
              ref,
              request,
              gated,
              timeoutMinutes: ctx.input.approvalTimeoutMinutes,
            }),
          );
          return { changeSummary: done.changeSummary };
        },
      });
      if (ctx.input.removeStack) {
        await ctx.checkpoint({
          key: `pulumi:destroy:remove:${ref.backendId}:${ref.project}/${ref.stack}`,
          fn: async () => {
            await engine.removeStack(ref);
            ctx.logger.info(`Removed the stack ${ref.project}/${ref.stack}`);
          },
        });
      }
      ctx.output('changeSummary', result.changeSummary);
    },
  });
}
