import { mockServices } from '@backstage/backend-test-utils';
import { Config, ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject, JsonValue } from '@backstage/types';
import {
  locatePulumiEngine,
  PulumiApiCaller,
  PulumiEngine,
  PulumiEngineClient,
  readProtectedStacks,
  StackProtection,
} from '@stackyard/plugin-pulumi-node';
import {
  createTemporaryBackend,
  createTestEngineClient,
  createTestProject,
  sdkNodeModules,
  TemporaryBackend,
  TemporaryBackendKind,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { createPulumiConfigSetAction } from '../configSet';
import { examples as configSetExamples } from '../configSet.examples';
import { createPulumiNewAction } from '../new';
import { examples as newExamples } from '../new.examples';
import type { ApprovalGate } from '../approvedRun';
import type { EngineProvider } from '../inputs';
import { createPulumiUpAction } from '../up';
import { examples as upExamples } from '../up.examples';

// What the tests of the pulumi:* actions share: a real stack in a temporary state backend, made by the
// actions' own examples in the order a template runs them, a task workspace whose skeleton holds the
// fixture project in ./infra, a policy pack of the platform team's, and a context like the scaffolder's.

/** The value of the task secret API_KEY that every task of a set-up is given. */
const SECRET = 'sk-scaffolder-secret-8731';

/** The input of the first step of an example. */
export const inputOf = (example: { example: string }) =>
  yaml.parse(example.example).steps[0].input;

// A policy pack of the platform team's, named in app config: a mandatory policy with settings, and an
// advisory one.
const PACK_SOURCE = `
const { PolicyPack } = require('@pulumi/policy');
new PolicyPack('test-pack', {
  policies: [
    {
      name: 'forbidden-names',
      description: 'Some names are taken.',
      enforcementLevel: 'mandatory',
      configSchema: { properties: { names: { type: 'array', items: { type: 'string' }, default: [] } } },
      validateResource: (args, report) => {
        if (args.getConfig().names.includes(args.name)) {
          report(args.name + ' is a name the organisation keeps for itself');
        }
      },
    },
    {
      name: 'page-review',
      description: 'The web team reviews new pages.',
      enforcementLevel: 'advisory',
      validateResource: (args, report) => {
        if (args.type.endsWith(':LocalFile')) report('ask the web team to review ' + args.name);
      },
    },
  ],
});
`;

/** Writes test-pack into a new folder; app config names it and the example pack, guardrails. */
async function writeTestPolicyPack(): Promise<{ dir: string; config: Config }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'stackyard-test-pack-'));
  await writeFile(path.join(dir, 'PulumiPolicy.yaml'), 'runtime: nodejs\n');
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'test-pack', version: '1.0.0', main: 'index.js' }),
  );
  await writeFile(path.join(dir, 'index.js'), PACK_SOURCE);
  const config = new ConfigReader({
    pulumi: {
      policyPacks: [
        { name: 'test-pack', dir },
        // The example pack, in TypeScript, as the demo app configures it.
        {
          name: 'guardrails',
          dir: path.resolve(__dirname, '../../../../../examples/policy-pack'),
        },
      ],
    },
  });
  return { dir, config };
}

/** How an action is made: its factory, such as createPulumiUpAction. */
export type ActionFactory = (options: {
  engine: EngineProvider;
  config: Config;
  approvals: ApprovalGate;
}) => { handler(ctx: ActionContext<any, any>): Promise<void> };

/** One scaffolder task: the outputs of its steps, and a way to run a step. */
export interface ActionTestTask {
  /** The outputs of every step of the task, by name, the latest last. */
  outputs: Record<string, JsonValue>;
  /**
   * Runs a step: the action that `create` makes with the set-up's engine and app config, on `input`, in a
   * context like the scaffolder's whose checkpoints outlive one run, as a recovered task's do. `extra`
   * overrides fields of the context, such as `isDryRun`.
   */
  run(create: ActionFactory, input: object, extra?: object): Promise<void>;
}

/** How far {@link createActionTestSetup} takes the examples' stack before the tests start. */
export type ActionTestStage =
  /** A task workspace, and an empty backend. */
  | 'workspace'
  /** And the stack, made by the pulumi:new example. */
  | 'created'
  /** And its config, set by the pulumi:config:set example. */
  | 'configured'
  /** And deployed by the pulumi:up example. */
  | 'deployed';

const STAGES: ActionTestStage[] = [
  'workspace',
  'created',
  'configured',
  'deployed',
];

/** What {@link createActionTestSetup} makes: a backend, an engine client, a workspace, and tasks. */
export interface ActionTestSetup {
  /** The value of the task secret API_KEY, which the pulumi:config:set example sets as config apiKey. */
  secret: string;
  /** The stack of the examples: project shop-site, stack dev, in backend local. */
  stack: { backendId: string; project: string; stack: string };
  /** A policyPacks input by which test-pack's mandatory policy forbids the examples' resource `index`. */
  strictPolicyPacks: Array<{ pack: string; config: object }>;
  backend: TemporaryBackend;
  /** An engine client whose backend `local` is {@link ActionTestSetup.backend}. */
  client: PulumiEngineClient;
  /** App config: with `policyPacks`, test-pack and the example pack guardrails; otherwise empty. */
  config: Config;
  /** The task workspace, with the project in ./infra. */
  workspacePath: string;
  /** The logger of every task of the set-up. */
  logger: ReturnType<typeof mockServices.logger.mock>;
  /** What the tasks of the set-up logged, and what they checkpointed, each as JSON text. */
  recorded(): { logged: string; checkpointed: string };
  /** A new task, with no outputs and no checkpoints. */
  task(): ActionTestTask;
  /** Runs one step in a new task (see {@link ActionTestTask.run}), and returns the task. */
  run(create: ActionFactory, input: object): Promise<ActionTestTask>;
  /** The InputError with which one step in a new task fails. */
  inputError(create: ActionFactory, input: object): Promise<InputError>;
  dispose(): Promise<void>;
}

let engineOnce: Promise<PulumiEngine> | undefined;

/**
 * Runs the examples of pulumi:new, pulumi:config:set and pulumi:up in `task`, in the order a template
 * runs them, as far as `stage`.
 */
export async function runExampleSteps(
  task: ActionTestTask,
  stage: ActionTestStage,
): Promise<void> {
  const at = STAGES.indexOf(stage);
  if (at >= STAGES.indexOf('created')) {
    await task.run(createPulumiNewAction, inputOf(newExamples[0]));
  }
  if (at >= STAGES.indexOf('configured')) {
    await task.run(createPulumiConfigSetAction, inputOf(configSetExamples[0]));
  }
  if (at >= STAGES.indexOf('deployed')) {
    await task.run(createPulumiUpAction, inputOf(upExamples[0]));
  }
}

/**
 * The approvals of a set-up: the stacks its config protects. These tests have no Pulumi backend plugin to
 * approve a plan; a step that reaches for one fails.
 */
function approvalGate(
  config: Config,
  client: PulumiEngineClient,
): ApprovalGate {
  const api = {
    call: async () => {
      throw new Error('The action tests have no Pulumi API to approve plans');
    },
  };
  return {
    protection: new StackProtection({
      protectedStacks: readProtectedStacks(config),
      engine: () => client,
    }),
    api: api as unknown as PulumiApiCaller,
    pollIntervalMs: 10,
  };
}

/**
 * A task of a set-up: its steps run with the set-up's engine client and app config in its workspace, and
 * what they checkpoint also goes to `checkpointed`.
 */
function newTask(options: {
  client: PulumiEngineClient;
  config: Config;
  workspacePath: string;
  logger: ActionTestSetup['logger'];
  checkpointed: Array<[string, JsonValue]>;
}): ActionTestTask {
  const { client, config, workspacePath, logger, checkpointed } = options;
  const outputs: Record<string, JsonValue> = {};
  const checkpoints = new Map<string, JsonValue>();
  const context = (input: object, extra: object = {}) => ({
    ...createMockActionContext({
      input: input as JsonObject,
      workspacePath,
      logger,
      secrets: { API_KEY: SECRET },
    }),
    output: jest.fn((name: string, value: JsonValue) => {
      outputs[name] = value;
    }),
    async checkpoint<T>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      if (checkpoints.has(opts.key)) {
        return checkpoints.get(opts.key) as T;
      }
      const value = await opts.fn();
      checkpoints.set(opts.key, (value ?? null) as JsonValue);
      checkpointed.push([opts.key, (value ?? null) as JsonValue]);
      return value;
    },
    ...extra,
  });
  return {
    outputs,
    run: (create, input, extra) =>
      create({
        engine: async () => client,
        config,
        approvals: approvalGate(config, client),
      }).handler(context(input, extra)),
  };
}

/**
 * A temporary state backend of `kind` ('file' by default) with id `local`, an engine client for it, a
 * task workspace whose skeleton holds the fixture project in ./infra, and the examples' stack as far as
 * `stage` ('workspace' by default). With `policyPacks`, test-pack is written and app config names it.
 */
export async function createActionTestSetup(
  options: {
    kind?: TemporaryBackendKind;
    stage?: ActionTestStage;
    policyPacks?: boolean;
  } = {},
): Promise<ActionTestSetup> {
  const disposers: Array<() => Promise<unknown>> = [];
  // The last made, the first removed; once each.
  const dispose = async () => {
    while (disposers.length > 0) await disposers.pop()!();
  };
  try {
    const backend = await createTemporaryBackend({
      kind: options.kind ?? 'file',
    });
    disposers.push(() => backend.dispose());
    engineOnce ??= locatePulumiEngine();
    const client = await createTestEngineClient({
      engine: await engineOnce,
      // Programs in the task's workspace find the SDK as the demo's do.
      backends: {
        local: {
          ...backend,
          env: { ...backend.env, NODE_PATH: sdkNodeModules() },
        },
      },
    });
    const workspacePath = await mkdtemp(
      path.join(os.tmpdir(), 'stackyard-task-'),
    );
    disposers.push(() => rm(workspacePath, { recursive: true, force: true }));
    // The skeleton: the fixture project, fetched into ./infra.
    const fetched = await createTestProject({ parentDir: workspacePath });
    await rename(fetched, path.join(workspacePath, 'infra'));
    let config: Config = new ConfigReader({});
    if (options.policyPacks) {
      const pack = await writeTestPolicyPack();
      disposers.push(() => rm(pack.dir, { recursive: true, force: true }));
      config = pack.config;
    }
    const logger = mockServices.logger.mock();
    const checkpointed: Array<[string, JsonValue]> = [];
    const task = () =>
      newTask({ client, config, workspacePath, logger, checkpointed });
    const setup: ActionTestSetup = {
      secret: SECRET,
      stack: { backendId: 'local', project: 'shop-site', stack: 'dev' },
      strictPolicyPacks: [
        {
          pack: 'test-pack',
          config: { 'forbidden-names': { names: ['index'] } },
        },
      ],
      backend,
      client,
      config,
      workspacePath,
      logger,
      recorded: () => ({
        logged: JSON.stringify(
          [logger.info, logger.warn, logger.error, logger.debug].map(
            f => f.mock.calls,
          ),
        ),
        checkpointed: JSON.stringify(checkpointed),
      }),
      task,
      async run(create, input) {
        const t = task();
        await t.run(create, input);
        return t;
      },
      async inputError(create, input) {
        const error = await task()
          .run(create, input)
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(error).toBeInstanceOf(InputError);
        return error as InputError;
      },
      dispose,
    };
    await runExampleSteps(task(), options.stage ?? 'workspace');
    return setup;
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** How long a test or set-up of the actions may take: the engine takes its time on a busy machine. */
const TIMEOUT_MS = 300_000;

/**
 * {@link createActionTestSetup} for the tests of the calling `describe`: made before all of them and
 * disposed of after them, or, with `each`, a new one for each test. The fields are there once the tests
 * run. The tests of the file get the time the engine needs.
 */
export function useActionTestSetup(
  options: Parameters<typeof createActionTestSetup>[0] & {
    each?: boolean;
  } = {},
): ActionTestSetup {
  jest.setTimeout(TIMEOUT_MS);
  const setup = {} as ActionTestSetup;
  (options.each ? beforeEach : beforeAll)(async () => {
    Object.assign(setup, await createActionTestSetup(options));
  }, TIMEOUT_MS);
  (options.each ? afterEach : afterAll)(async () => {
    await setup.dispose?.();
  }, TIMEOUT_MS);
  return setup;
}
