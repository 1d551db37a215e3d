import { Config } from '@backstage/config';
import type {
  PolicyPackRequest,
  PulumiEngineService,
  StackRef,
} from '@stackyard/plugin-pulumi-node';
import { projectFolder } from './folders';
import { checkStackInput, EngineProvider, STACK_INPUTS } from './inputs';
import {
  POLICY_PACKS_INPUT,
  PolicyPacksInput,
  resolvePolicyPacks,
} from './policyPacks';

/**
 * The inputs of the actions that run a project's program, preview and up: the stack, the project folder
 * and the policy packs, in the form `createTemplateAction` takes them.
 */
export const PROGRAM_INPUTS: typeof STACK_INPUTS & typeof POLICY_PACKS_INPUT = {
  ...STACK_INPUTS,
  ...POLICY_PACKS_INPUT,
};

/**
 * What preview and up run, checked from their inputs before the engine starts: the stack, the project
 * folder and the policy packs.
 */
export interface ProgramRun {
  engine: PulumiEngineService;
  ref: StackRef;
  dir: string;
  policyPacks: PolicyPackRequest[];
}

/** Checks the {@link PROGRAM_INPUTS} of a step, each failure an InputError naming its field. */
export async function programRun(
  options: { engine: EngineProvider; config: Config },
  ctx: {
    workspacePath: string;
    input: {
      backend: string;
      project: string;
      stack: string;
      directory?: string;
    } & PolicyPacksInput;
  },
): Promise<ProgramRun> {
  const engine = await options.engine();
  return {
    engine,
    ref: checkStackInput(engine, ctx.input),
    dir: projectFolder(ctx.workspacePath, ctx.input),
    policyPacks: resolvePolicyPacks(
      options.config,
      ctx.workspacePath,
      ctx.input,
    ),
  };
}
