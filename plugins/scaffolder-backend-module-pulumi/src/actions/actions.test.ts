import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonValue } from '@backstage/types';
import {
  locatePulumiEngine,
  PulumiEngineClient,
} from '@stackyard/plugin-pulumi-node';
import {
  createTemporaryBackend,
  createTestEngineClient,
  createTestProject,
  sdkNodeModules,
  TemporaryBackend,
  testBackendKinds,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { existsSync } from 'node:fs';
import {
  mkdir,
  mkdtemp,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { createPulumiConfigSetAction } from './configSet';
import { examples as configSetExamples } from './configSet.examples';
import { createPulumiDestroyAction } from './destroy';
import { createPulumiNewAction } from './new';
import { examples as newExamples } from './new.examples';
import { createPulumiPreviewAction } from './preview';
import { examples as previewExamples } from './preview.examples';
import { createPulumiUpAction } from './up';
import { examples as upExamples } from './up.examples';

// The actions on a real stack in a temporary state backend: the examples in the order a template runs
// them, checkpoints as a recovered task sees them, targeted destroy, secrets, and bad input.
jest.setTimeout(300_000);

const SECRET = 'sk-scaffolder-secret-8731';

// A policy pack of the platform team's, named in app config: a mandatory policy with settings, and an
// advisory one. Its folder is written before the tests start.
const PACK_DIR = path.join(os.tmpdir(), `stackyard-test-pack-${process.pid}`);
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
const packConfig = new ConfigReader({
  pulumi: {
    policyPacks: [
      { name: 'test-pack', dir: PACK_DIR },
      // The example pack, in TypeScript, as the demo app configures it.
      {
        name: 'guardrails',
        dir: path.resolve(__dirname, '../../../../examples/policy-pack'),
      },
    ],
  },
});

const inputOf = (example: { example: string }) =>
  yaml.parse(example.example).steps[0].input;

describe('pulumi:* actions, through the real engine', () => {
  let backend: TemporaryBackend;
  let client: PulumiEngineClient;
  let workspacePath: string;
  const logger = mockServices.logger.mock();
  const outputs: Record<string, JsonValue> = {};
  const checkpoints = new Map<string, JsonValue>();
  const engine = async () => client;
  const actions = {
    new: createPulumiNewAction({ engine, config: new ConfigReader({}) }),
    configSet: createPulumiConfigSetAction({ engine }),
    preview: createPulumiPreviewAction({ engine, config: packConfig }),
    up: createPulumiUpAction({ engine, config: packConfig }),
    destroy: createPulumiDestroyAction({ engine }),
  };
  const ref = { backendId: 'local', project: 'shop-site', stack: 'dev' };

  /** A context like the scaffolder's, whose checkpoints outlive one run, as a recovered task's do. */
  function context(input: Record<string, unknown>, extra: object = {}) {
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath,
      logger,
      secrets: { API_KEY: SECRET },
    });
    return {
      ...ctx,
      output: jest.fn((name: string, value: JsonValue) => {
        outputs[name] = value;
      }),
      async checkpoint<T>(opts: { key: string; fn: () => Promise<T> | T }) {
        if (checkpoints.has(opts.key)) return checkpoints.get(opts.key) as T;
        const value = await opts.fn();
        checkpoints.set(opts.key, (value ?? null) as JsonValue);
        return value;
      },
      ...extra,
    };
  }

  beforeAll(async () => {
    backend = await createTemporaryBackend({ kind: 'file' });
    client = await createTestEngineClient({
      engine: await locatePulumiEngine(),
      // Programs in the task's workspace find the SDK as the demo's do.
      backends: {
        local: { ...backend, env: { NODE_PATH: sdkNodeModules() } },
      },
    });
    await mkdir(PACK_DIR, { recursive: true });
    await writeFile(
      path.join(PACK_DIR, 'PulumiPolicy.yaml'),
      'runtime: nodejs\n',
    );
    await writeFile(
      path.join(PACK_DIR, 'package.json'),
      JSON.stringify({ name: 'test-pack', version: '1.0.0', main: 'index.js' }),
    );
    await writeFile(path.join(PACK_DIR, 'index.js'), PACK_SOURCE);
    workspacePath = await mkdtemp(path.join(os.tmpdir(), 'stackyard-task-'));
    // The skeleton: the fixture project, fetched into ./infra.
    const fetched = await createTestProject({ parentDir: workspacePath });
    await rename(fetched, path.join(workspacePath, 'infra'));
  });
  afterAll(async () => {
    await backend?.dispose();
    await rm(workspacePath, { recursive: true, force: true });
    await rm(PACK_DIR, { recursive: true, force: true });
  });

  it('pulumi:new creates the project and its stack, with config and tags', async () => {
    await actions.new.handler(context(inputOf(newExamples[0])) as any);
    expect(outputs).toMatchObject({
      directory: 'infra',
      stackRef: 'local:organization/shop-site/dev',
    });
    const manifest = yaml.parse(
      await readFile(path.join(workspacePath, 'infra', 'Pulumi.yaml'), 'utf8'),
    );
    expect(manifest).toMatchObject({
      name: 'shop-site',
      description: 'The shop web site',
    });
    expect((await client.listStacks('local')).map(s => s.stack)).toEqual([
      'dev',
    ]);
    expect(await client.getStackTags(ref)).toMatchObject({
      'backstage.io:owner': 'team-a',
    });
    // Run again, as a recovered task would: the checkpoint keeps it from creating the stack twice.
    await actions.new.handler(context(inputOf(newExamples[0])) as any);
  });

  it('pulumi:config:set stores a secret from the task secrets, encrypted and nowhere in plain text', async () => {
    await actions.configSet.handler(
      context(inputOf(configSetExamples[0])) as any,
    );
    const stackFile = await readFile(
      path.join(workspacePath, 'infra', 'Pulumi.dev.yaml'),
      'utf8',
    );
    expect(stackFile).toMatch(/shop-site:apiKey:\s+secure: /);
    expect(stackFile).toContain('Hello from the template');
    expect(stackFile).not.toContain(SECRET);
  });

  it('pulumi:preview returns the change summary and the steps', async () => {
    await actions.preview.handler(context(inputOf(previewExamples[0])) as any);
    expect(outputs.changeSummary).toEqual({ create: 3 });
    expect(outputs.steps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          op: 'create',
          urn: expect.stringMatching(/::index$/),
          type: 'pulumi-nodejs:dynamic/stackyard:LocalFile',
        }),
      ]),
    );
  });

  it('enforces policy packs: a mandatory violation fails the step with the policy message, advisory ones warn', async () => {
    const input = {
      ...inputOf(previewExamples[0]),
      policyPacks: [{ pack: 'test-pack' }],
    };
    logger.warn.mockClear();
    await actions.preview.handler(context(input) as any);
    expect(outputs.changeSummary).toEqual({ create: 3 });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^policy test-pack\/page-review \(advisory\) on urn:pulumi:dev::shop-site::.*::index: .*ask the web team to review index/,
      ),
    );

    const strict = {
      ...input,
      policyPacks: [
        {
          pack: 'test-pack',
          config: { 'forbidden-names': { names: ['index'] } },
        },
      ],
    };
    await expect(
      actions.preview.handler(context(strict) as any),
    ).rejects.toThrow(
      /test-pack\/forbidden-names \(mandatory\) on urn:pulumi:dev::shop-site::.*::index: .*index is a name the organisation keeps for itself/,
    );
    await expect(
      actions.up.handler(
        context({
          ...inputOf(upExamples[0]),
          policyPacks: strict.policyPacks,
        }) as any,
      ),
    ).rejects.toThrow(/index is a name the organisation keeps for itself/);
    // Stopped before anything was deployed.
    expect(await client.getHistory(ref)).toHaveLength(0);
  });

  it("runs the preview example with the organisation's TypeScript policy pack", async () => {
    await actions.preview.handler(context(inputOf(previewExamples[1])) as any);
    expect(outputs.changeSummary).toEqual({ create: 3 });
  });

  it('pulumi:up previews under dry run, then deploys once, even when the task is recovered', async () => {
    await actions.up.handler(
      context(inputOf(upExamples[0]), { isDryRun: true }) as any,
    );
    expect(outputs).toMatchObject({
      changeSummary: { create: 3 },
      outputs: {},
    });
    expect(await client.getHistory(ref)).toHaveLength(0);

    await actions.up.handler(context(inputOf(upExamples[0])) as any);
    expect(outputs.changeSummary).toEqual({ create: 3 });
    expect(outputs.outputs).toMatchObject({
      path: path.join(workspacePath, 'infra', 'out', 'dev', 'index.html'),
      apiKeyDigest: '[secret]',
    });
    expect(
      await readFile(
        path.join(workspacePath, 'infra', 'out', 'dev', 'index.html'),
        'utf8',
      ),
    ).toBe('Hello from the template');

    // Recovered after a crash: the checkpoint answers, and there is still only one update.
    await actions.up.handler(
      context({
        ...inputOf(upExamples[0]),
        revealOutputs: ['apiKeyDigest'],
      }) as any,
    );
    expect(await client.getHistory(ref)).toHaveLength(1);
    // Revealed because the template named it.
    expect((outputs.outputs as any).apiKeyDigest).toBe(`digest-of:${SECRET}`);
  });

  it('never lets the secret into a log line or the stored checkpoints', () => {
    const logged = JSON.stringify(
      [logger.info, logger.warn, logger.error, logger.debug].map(
        f => f.mock.calls,
      ),
    );
    expect(logged).toContain('apiKey (secret)');
    expect(logged).not.toContain(SECRET);
    expect(JSON.stringify([...checkpoints])).not.toContain(SECRET);
  });

  it('pulumi:destroy with targets destroys only those, and keeps the rest', async () => {
    const state = await client.exportState(ref);
    const about = state.resources.find(r => r.urn.endsWith('::about'))!.urn;
    await expect(
      actions.destroy.handler(
        context({
          backend: 'local',
          project: 'shop-site',
          stack: 'dev',
          confirm: false,
        }) as any,
      ),
    ).rejects.toThrow(/confirm must be true/);
    await actions.destroy.handler(
      context({
        backend: 'local',
        project: 'shop-site',
        stack: 'dev',
        confirm: true,
        targets: [about],
      }) as any,
    );
    expect(outputs.changeSummary).toMatchObject({ delete: 1 });
    const out = path.join(workspacePath, 'infra', 'out', 'dev');
    expect(existsSync(path.join(out, 'about.html'))).toBe(false);
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
    const left = (await client.exportState(ref)).resources.map(r => r.urn);
    expect(left.some(u => u.endsWith('::index'))).toBe(true);
    expect(left).not.toContain(about);

    await actions.destroy.handler(
      context({
        backend: 'local',
        project: 'shop-site',
        stack: 'dev',
        confirm: true,
        removeStack: true,
      }) as any,
    );
    expect(existsSync(path.join(out, 'index.html'))).toBe(false);
    expect(await client.listStacks('local')).toEqual([]);
  });

  it.each([
    ['project', { project: 'a/b' }, /project "a\/b" is not a valid name/],
    ['project', { project: '..' }, /project "\.\." is not a valid name/],
    [
      'backend',
      { backend: 'elsewhere' },
      /backend 'elsewhere' is not configured/,
    ],
    [
      'template',
      { template: '../../etc' },
      /template '..\/..\/etc' is outside the task workspace/,
    ],
    [
      'directory',
      { directory: '../outside' },
      /directory '..\/outside' is outside the task workspace/,
    ],
  ])(
    'pulumi:new refuses a bad %s with an InputError, creating nothing',
    async (_, change, message) => {
      const input = { ...inputOf(newExamples[0]), stack: 'bad', ...change };
      const error = await actions.new
        .handler(context(input) as any)
        .catch((e: Error) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
      expect(await client.listStacks('local')).toEqual([]);
    },
  );

  it('pulumi:config:set refuses a secret the task was not given, naming it', async () => {
    const error = await actions.configSet
      .handler(
        context({
          ...inputOf(configSetExamples[0]),
          secrets: { apiKey: 'MISSING' },
        }) as any,
      )
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      "secrets.apiKey names the task secret 'MISSING', which the task was not given",
    );
  });

  it('pulumi:preview refuses an unknown policy pack, naming it', async () => {
    const error = await actions.preview
      .handler(
        context({
          ...inputOf(previewExamples[0]),
          policyPacks: [{ pack: 'nope' }],
        }) as any,
      )
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /^policyPacks\[0\]\.pack 'nope' is neither a pack in pulumi.policyPacks \(test-pack, guardrails\)/,
    );
  });
});

// A template's steps with the state in S3, GCS and Azure Blob through their local servers, whose
// credentials and emulator settings the backend's env in config carries.
const objectStores = testBackendKinds().filter(
  kind => kind !== 'file' && kind !== 'postgres',
);

// A loop, as describe.each refuses an empty table: without the servers, outside strict mode, there are none.
for (const kind of objectStores) {
  describe(`pulumi:new and pulumi:up on a ${kind} state backend`, () => {
    let backend: TemporaryBackend;
    let client: PulumiEngineClient;
    let workspacePath: string;
    const engine = async () => client;
    const ref = { backendId: 'local', project: 'shop-site', stack: 'dev' };

    beforeAll(async () => {
      backend = await createTemporaryBackend({ kind });
      client = await createTestEngineClient({
        engine: await locatePulumiEngine(),
        backends: {
          local: {
            ...backend,
            env: { ...backend.env, NODE_PATH: sdkNodeModules() },
          },
        },
      });
      workspacePath = await mkdtemp(path.join(os.tmpdir(), 'stackyard-task-'));
      const fetched = await createTestProject({ parentDir: workspacePath });
      await rename(fetched, path.join(workspacePath, 'infra'));
    });
    afterAll(async () => {
      await backend?.dispose();
      if (workspacePath)
        await rm(workspacePath, { recursive: true, force: true });
    });

    async function run(
      action: { handler(ctx: any): Promise<void> },
      input: Record<string, unknown>,
    ) {
      const ctx = createMockActionContext({
        input: input as any,
        workspacePath,
        secrets: { API_KEY: SECRET },
      });
      await action.handler(ctx);
      return Object.fromEntries(
        (ctx.output as jest.Mock).mock.calls as Array<[string, JsonValue]>,
      );
    }

    it('creates the project and its stack, and deploys it', async () => {
      expect(
        await run(
          createPulumiNewAction({ engine, config: new ConfigReader({}) }),
          inputOf(newExamples[0]),
        ),
      ).toMatchObject({ stackRef: 'local:organization/shop-site/dev' });
      await run(
        createPulumiConfigSetAction({ engine }),
        inputOf(configSetExamples[0]),
      );
      const up = await run(
        createPulumiUpAction({ engine, config: new ConfigReader({}) }),
        inputOf(upExamples[0]),
      );
      expect(up.changeSummary).toEqual({ create: 3 });
      expect(
        await readFile(
          path.join(workspacePath, 'infra', 'out', 'dev', 'index.html'),
          'utf8',
        ),
      ).toBe('Hello from the template');
      expect((await client.listStacks('local')).map(s => s.stack)).toEqual([
        'dev',
      ]);
      expect(await client.getStackTags(ref)).toMatchObject({
        'backstage.io:owner': 'team-a',
      });
      expect(await client.getHistory(ref)).toHaveLength(1);
    });
  });
}
