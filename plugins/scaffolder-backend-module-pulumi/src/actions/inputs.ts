import { InputError } from '@backstage/errors';
import { PULUMI_BACKEND_ID_PATTERN } from '@stackyard/plugin-pulumi-common';
import {
  assertValidName,
  type PulumiEngineService,
  type StackRef,
} from '@stackyard/plugin-pulumi-node';
import type { z as zod } from 'zod/v3';
import type { PulumiStep } from './engineProgress';

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
 * The inputs that name a stack, in the form `createTemplateAction` takes them: the one schema of every
 * action that works on a stack.
 */
export const STACK_REF_INPUTS = {
  backend: (z: typeof zod) =>
    z.string({ description: STACK_INPUT_DESCRIPTIONS.backend }),
  project: (z: typeof zod) =>
    z.string({ description: STACK_INPUT_DESCRIPTIONS.project }),
  stack: (z: typeof zod) =>
    z.string({ description: STACK_INPUT_DESCRIPTIONS.stack }),
};

/** {@link STACK_REF_INPUTS} and the project folder in the task workspace. */
export const STACK_INPUTS: typeof STACK_REF_INPUTS & {
  directory: (z: typeof zod) => zod.ZodOptional<zod.ZodString>;
} = {
  ...STACK_REF_INPUTS,
  directory: (z: typeof zod) =>
    z.string({ description: STACK_INPUT_DESCRIPTIONS.directory }).optional(),
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
    project: validName('project', project),
    stack: validName('stack', stack),
  };
}

/** A project or stack name by Pulumi's rules, from the input `field`; otherwise an InputError naming it. */
export function validName(field: string, value: unknown): string {
  assertValidName(field, value);
  return value;
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
