import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type {
  PulumiDriftReport,
  PulumiPage,
  PulumiRun,
  PulumiStack,
  PulumiStackDetail,
} from '@stackyard/plugin-pulumi-common';
import { FINISHED_RUN_STATUSES } from '@stackyard/plugin-pulumi-common';
import type { z as zod } from 'zod/v3';
import { PulumiApiCaller, stackPath } from '@stackyard/plugin-pulumi-node';

type Z = typeof zod;

/** The input that names one stack. */
const stackInput = (z: Z) =>
  z.object({
    backend: z.string().describe("The state backend's id, such as 'local'"),
    project: z.string().describe('The Pulumi project'),
    stack: z.string().describe('The stack, such as dev or prod'),
  });

/** What the actions say of a stack in a list. */
function summary(stack: PulumiStack) {
  return {
    ref: stack.ref,
    backend: stack.backendId,
    project: stack.project,
    stack: stack.stack,
    owner: stack.owner,
    driftStatus: stack.driftStatus,
    resourceCount: stack.resourceCount,
    lastUpdate: stack.lastUpdate,
  };
}

const runOutput = (z: Z) =>
  z.object({
    runId: z.string(),
    status: z.string().describe('queued, running, succeeded, failed, …'),
    changeSummary: z
      .record(z.string(), z.number())
      .optional()
      .describe('Resources by planned operation, once the run ended'),
    error: z.string().optional(),
  });

function runResult(run: PulumiRun) {
  return {
    runId: run.id,
    status: run.status,
    ...(run.changeSummary ? { changeSummary: run.changeSummary } : {}),
    ...(run.error ? { error: run.error } : {}),
  };
}

function registerListStacks(
  registry: ActionsRegistryService,
  api: PulumiApiCaller,
): void {
  registry.register({
    name: 'list-stacks',
    title: 'List Pulumi stacks',
    description:
      'Lists the Pulumi stacks the caller may read, with owner, drift status and last update; filters as the REST API.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          backend: z.string().optional(),
          project: z.string().optional(),
          owner: z.string().optional().describe('An owner entity ref'),
          drift: z.enum(['unknown', 'in_sync', 'drifted', 'error']).optional(),
          q: z.string().optional().describe('Text to look for in stack names'),
          limit: z.number().int().min(1).max(500).optional(),
          cursor: z.string().optional(),
        }),
      output: z =>
        z.object({
          items: z.array(z.record(z.string(), z.unknown())),
          nextCursor: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const query = new URLSearchParams(
        Object.entries(input)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      );
      const page = await api.call<PulumiPage<PulumiStack>>(
        credentials,
        'GET',
        `/stacks?${query}`,
      );
      return {
        output: {
          items: page.items.map(summary),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        },
      };
    },
  });
}

function registerGetStack(
  registry: ActionsRegistryService,
  api: PulumiApiCaller,
): void {
  registry.register({
    name: 'get-stack',
    title: 'Get a Pulumi stack',
    description:
      "A stack's summary, its outputs (secrets as [secret]) and how many resources it has.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: stackInput,
      output: z =>
        z.object({
          stack: z.record(z.string(), z.unknown()),
          outputs: z.record(z.string(), z.unknown()),
          resourceCount: z.number().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const stack = await api.call<PulumiStackDetail>(
        credentials,
        'GET',
        stackPath(input),
      );
      return {
        output: {
          stack: summary(stack),
          outputs: stack.outputs,
          resourceCount: stack.resourceCount,
        },
      };
    },
  });
}

function registerGetDrift(
  registry: ActionsRegistryService,
  api: PulumiApiCaller,
): void {
  registry.register({
    name: 'get-drift',
    title: "Get a Pulumi stack's drift",
    description:
      "The stack's drift status and, per resource, each property that differs: what the state expects and what is really there.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: stackInput,
      output: z =>
        z.object({
          status: z.string(),
          checkedAt: z.string().optional(),
          findings: z.array(z.record(z.string(), z.unknown())),
        }),
    },
    action: async ({ input, credentials }) => {
      const report = await api.call<PulumiDriftReport>(
        credentials,
        'GET',
        `${stackPath(input)}/drift`,
      );
      return {
        output: {
          status: report.status,
          ...(report.lastCheck
            ? { checkedAt: report.lastCheck.checkedAt }
            : {}),
          findings: report.findings as unknown as Array<
            Record<string, unknown>
          >,
        },
      };
    },
  });
}

function registerCheckDrift(
  registry: ActionsRegistryService,
  api: PulumiApiCaller,
): void {
  registry.register({
    name: 'check-drift',
    title: "Check a Pulumi stack's drift",
    description:
      'Queues a drift check of the stack (a refresh preview that changes nothing), subject to the rate limit of manual checks; read its findings with get-drift once it ends.',
    attributes: { readOnly: false, destructive: false },
    schema: { input: stackInput, output: runOutput },
    action: async ({ input, credentials }) => {
      const run = await api.call<PulumiRun>(
        credentials,
        'POST',
        `${stackPath(input)}/drift/check`,
        {},
      );
      return { output: runResult(run) };
    },
  });
}

function registerPreview(
  registry: ActionsRegistryService,
  api: PulumiApiCaller,
): void {
  registry.register({
    name: 'preview',
    title: 'Preview a Pulumi stack',
    description:
      "Queues a preview of the stack's program (changes nothing) and waits up to waitSeconds for it: the change summary when it ended, else its run id to ask again.",
    attributes: { readOnly: false, destructive: false },
    schema: {
      input: z =>
        stackInput(z).extend({
          waitSeconds: z.number().int().min(0).max(300).optional(),
        }),
      output: runOutput,
    },
    action: async ({ input, credentials }) => {
      const { waitSeconds = 60, ...ref } = input;
      let run = await api.call<PulumiRun>(
        credentials,
        'POST',
        `${stackPath(ref)}/runs`,
        { kind: 'preview' },
      );
      const deadline = Date.now() + waitSeconds * 1000;
      while (
        !FINISHED_RUN_STATUSES.includes(run.status) &&
        Date.now() < deadline
      ) {
        await new Promise(resolve => setTimeout(resolve, 500));
        run = await api.call<PulumiRun>(credentials, 'GET', `/runs/${run.id}`);
      }
      return { output: runResult(run) };
    },
  });
}

/**
 * Registers the plugin's actions with Backstage's actions registry, which the MCP actions backend serves
 * to AI clients: reading stacks and drift, checking drift, previewing. Each calls the REST API as its
 * caller, so it is allowed what the API allows them; none can update, destroy or remediate.
 */
export function registerPulumiActions(
  registry: ActionsRegistryService,
  api: PulumiApiCaller,
): void {
  registerListStacks(registry, api);
  registerGetStack(registry, api);
  registerGetDrift(registry, api);
  registerCheckDrift(registry, api);
  registerPreview(registry, api);
}
