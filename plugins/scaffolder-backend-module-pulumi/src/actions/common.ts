import {
  LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { EngineEvent } from '@pulumi/pulumi/automation';
import {
  PULUMI_BACKEND_ID_PATTERN,
  PULUMI_NAME_PATTERN,
} from '@stackyard/plugin-pulumi-common';
import {
  policyViolationLine,
  type OperationResult,
  type PolicyPackRequest,
  type PulumiEngineService,
  type StackRef,
} from '@stackyard/plugin-pulumi-node';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { z as zod } from 'zod/v3';

/**
 * How the actions get the one engine wrapper: located on first use.
 *
 * @public
 */
export type EngineProvider = () => Promise<PulumiEngineService>;

/** The description of the inputs that name a stack, shared by every action. */
export const STACK_INPUT_DESCRIPTIONS = {
  backend:
    'The id of a state backend configured under pulumi.backends in app config; never a URL or a credential',
  project: "The Pulumi project name: letters, digits, '-', '_' and '.'",
  stack: 'The stack name within the project, for example dev',
  directory:
    'The folder of the Pulumi project, relative to the task workspace; by default the project name',
};

/**
 * Checks the inputs that name a stack, before anything runs: names by Pulumi's rules, and a backend that
 * app config defines. Each failure is an InputError that names its field.
 */
export function checkStackInput(
  engine: PulumiEngineService,
  input: { backend: unknown; project: unknown; stack: unknown },
): StackRef {
  const { backend, project, stack } = input;
  if (typeof backend !== 'string' || !PULUMI_BACKEND_ID_PATTERN.test(backend)) {
    throw new InputError(
      `backend ${JSON.stringify(
        backend,
      )} is not a backend id: lowercase letters, digits and dashes, for example 'local'`,
    );
  }
  const known = engine.listBackends().map(b => b.id);
  if (!known.includes(backend)) {
    throw new InputError(
      `backend '${backend}' is not configured under pulumi.backends; configured: ${
        known.join(', ') || 'none'
      }`,
    );
  }
  return {
    backendId: backend,
    project: assertPulumiName('project', project),
    stack: assertPulumiName('stack', stack),
  };
}

/** A project or stack name by Pulumi's rules, from the input `field`; otherwise an InputError naming it. */
export function assertPulumiName(field: string, value: unknown): string {
  if (typeof value !== 'string' || !PULUMI_NAME_PATTERN.test(value)) {
    throw new InputError(
      `${field} ${JSON.stringify(
        value,
      )} is not a valid name: up to 100 letters, digits, '-', '_' and '.', not starting with '.' or '-', and no '/'`,
    );
  }
  return value;
}

/**
 * The folders that app config names under `key` (`pulumi.templates`, `pulumi.policyPacks`), by name;
 * relative folders are resolved against the backend's working directory.
 */
export function namedFolders(config: Config, key: string): Map<string, string> {
  return new Map(
    (config.getOptionalConfigArray(key) ?? []).map(c => [
      c.getString('name'),
      path.resolve(c.getString('dir')),
    ]),
  );
}

/**
 * A folder of the task workspace, named by a relative path in the input `field`; one that reaches outside
 * the workspace is an InputError naming the field.
 */
export function workspaceFolder(
  workspacePath: string,
  relative: string,
  field: string,
): string {
  try {
    return resolveSafeChildPath(workspacePath, relative);
  } catch {
    throw new InputError(
      `${field} '${relative}' is outside the task workspace; give a path inside it, such as 'infra'`,
    );
  }
}

/** The Pulumi project folder of an action: `directory`, or else the project name, inside the workspace. */
export function projectFolder(
  workspacePath: string,
  input: { directory?: string; project: string },
): string {
  const dir = workspaceFolder(
    workspacePath,
    input.directory ?? input.project,
    'directory',
  );
  if (!existsSync(path.join(dir, 'Pulumi.yaml'))) {
    throw new InputError(
      `directory '${
        input.directory ?? input.project
      }' holds no Pulumi.yaml; create the project with pulumi:new first`,
    );
  }
  return dir;
}

/**
 * Plain config values by key, as templates write them: strings, or the numbers and booleans that form
 * fields give, which the stack stores as text.
 */
export const plainConfigInput = (z: typeof zod, description: string) =>
  z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]), {
      description,
    })
    .optional();

/** Plain config input values as the stack stores them. */
export function plainConfigValues(
  config: Record<string, string | number | boolean> | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config ?? {}).map(([key, value]) => [key, String(value)]),
  );
}

/**
 * The steps output of preview and up. Typed by name, so that the actions' declared types (and their API
 * report) do not depend on the order in which the compiler happens to list an inferred object's keys.
 */
export const stepsOutput = (z: typeof zod, description: string) =>
  z.array(
    z.object({
      op: z.string(),
      urn: z.string(),
      type: z.string(),
    }) as unknown as zod.ZodType<PulumiStep>,
    { description },
  );

/** The description of the `policyPacks` input of preview and up. */
export const POLICY_PACKS_DESCRIPTION =
  'Policy packs to enforce: each the name of a pack in pulumi.policyPacks of app config, or a folder of the task workspace that holds a PulumiPolicy.yaml: a name alone, or an object with the config of its policies (by policy name, an enforcement level or an object of settings). A mandatory violation fails the step; advisory ones are logged as warnings';

/**
 * The inputs of the actions that run a project's program, preview and up: the stack, the project folder
 * and the policy packs, in the form `createTemplateAction` takes them.
 */
export const PROGRAM_INPUTS = {
  backend: (z: typeof zod) =>
    z.string({ description: STACK_INPUT_DESCRIPTIONS.backend }),
  project: (z: typeof zod) =>
    z.string({ description: STACK_INPUT_DESCRIPTIONS.project }),
  stack: (z: typeof zod) =>
    z.string({ description: STACK_INPUT_DESCRIPTIONS.stack }),
  directory: (z: typeof zod) =>
    z.string({ description: STACK_INPUT_DESCRIPTIONS.directory }).optional(),
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

/** Whether a path is an existing folder. */
export function isFolder(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}

/**
 * What a step of a preview or an update does to one resource.
 *
 * @public
 */
export interface PulumiStep {
  op: string;
  urn: string;
  type: string;
}

/**
 * Streams engine events to the task log as progress lines, and collects the steps. The events come from
 * the engine wrapper with secrets already removed.
 */
export function engineProgress(logger: LoggerService) {
  const steps: PulumiStep[] = [];
  const onEvent = (event: EngineEvent) => {
    const pre = event.resourcePreEvent?.metadata;
    if (pre) {
      if (pre.op !== 'same') {
        steps.push({ op: pre.op, urn: pre.urn, type: pre.type });
      }
      // A preview's steps are plans, which the log says as such.
      const verb = event.resourcePreEvent?.planning
        ? `plan: ${pre.op}`
        : pre.op;
      logger.info(`${verb} ${pre.type} ${pre.urn.split('::').pop()}`);
    }
    const done = event.resOutputsEvent?.metadata;
    if (done && done.op !== 'same' && !event.resOutputsEvent?.planning) {
      logger.info(`done: ${done.op} ${done.urn.split('::').pop()}`);
    }
    const failed = event.resOpFailedEvent?.metadata;
    if (failed) {
      logger.error(`failed: ${failed.op} ${failed.urn.split('::').pop()}`);
    }
    const diagnostic = event.diagnosticEvent;
    if (diagnostic) {
      const message = diagnostic.message.trim();
      if (message) {
        if (diagnostic.severity === 'error') logger.error(message);
        else if (diagnostic.severity === 'warning') logger.warn(message);
        else logger.info(message);
      }
    }
    const policy = event.policyEvent;
    if (policy) {
      const line = `policy ${policyViolationLine(policy)}`;
      if (policy.enforcementLevel === 'mandatory') logger.error(line);
      else logger.warn(line);
    }
  };
  return { steps, onEvent };
}

/** Fails the action with the engine's own message when an operation did not succeed. */
export function assertSucceeded(
  what: string,
  result: OperationResult,
): OperationResult {
  if (result.status === 'cancelled') {
    throw new Error(`${what} was cancelled`);
  }
  if (result.status !== 'succeeded') {
    throw new Error(`${what} failed: ${result.message ?? 'see the log'}`);
  }
  return result;
}
