import { PULUMI_RUN_KINDS } from '@stackyard/plugin-pulumi-common';
import type { EngineEvent, OpMap, Stack } from '@pulumi/pulumi/automation';
import { InputError } from '@backstage/errors';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { driftFromEvents } from './drift';
import { engineFailureMessage } from './engineErrors';
import type { Redactor } from './redact';
import { stackStateFromDeployment } from './stackState';
import { EventRelay } from './eventRelay';
import {
  assertPlannable,
  PlannedEngineOptions,
  plannedSteps,
  planViolation,
  runPlanned,
} from './plans';
import type { SecretInputDiffs } from './stateSecrets';
import type { OperationKind, OperationRequest, OperationResult } from './types';

const KINDS: readonly OperationKind[] = PULUMI_RUN_KINDS;

/**
 * Whether an operation runs the stack's program, and so needs a project folder.
 *
 * @public
 */
export function operationNeedsProgram(kind: OperationKind): boolean {
  return kind === 'preview' || kind === 'up' || kind === 'drift-check-program';
}

/** How to read the drift of the operations that report it; see {@link driftFromEvents}. */
function driftMode(kind: OperationKind): 'refresh' | 'program' | undefined {
  switch (kind) {
    case 'drift-check':
    case 'refresh':
      return 'refresh';
    case 'drift-check-program':
      return 'program';
    default:
      return undefined;
  }
}

/**
 * Checks the fields of an operation request that need no engine to check: the kind and the shape of
 * `targets`. Errors name the field.
 *
 * @public
 */
export function assertValidOperation(request: OperationRequest): void {
  if (!KINDS.includes(request.kind)) {
    throw new InputError(
      `kind ${JSON.stringify(request.kind)} is not one of ${KINDS.join(', ')}`,
    );
  }
  assertValidPolicyPacks(request);
  assertPlannable(request.kind, request.plan);
  if (request.targets === undefined) return;
  if (!Array.isArray(request.targets)) {
    throw new InputError('targets must be a list of resource URNs');
  }
  request.targets.forEach((target, i) => {
    if (typeof target !== 'string' || !target.startsWith('urn:pulumi:')) {
      throw new InputError(
        `targets[${i}] ${JSON.stringify(target)} is not a resource URN`,
      );
    }
  });
}

/** Policy packs: only for `preview` and `up`, each a folder with a PulumiPolicy.yaml, its config an object. */
function assertValidPolicyPacks(request: OperationRequest): void {
  const packs: unknown = request.policyPacks;
  if (packs === undefined) return;
  if (!Array.isArray(packs)) {
    throw new InputError('policyPacks must be a list of policy pack folders');
  }
  if (packs.length > 0 && request.kind !== 'preview' && request.kind !== 'up') {
    throw new InputError(
      `policyPacks apply to preview and up, not to ${request.kind}`,
    );
  }
  packs.forEach((pack: unknown, i) => {
    const dir = (pack as { dir?: unknown } | null)?.dir;
    if (
      typeof dir !== 'string' ||
      !path.isAbsolute(dir) ||
      !existsSync(path.join(dir, 'PulumiPolicy.yaml'))
    ) {
      throw new InputError(
        `policyPacks[${i}].dir ${JSON.stringify(
          dir,
        )} is not a policy pack folder: it must be an absolute path that holds a PulumiPolicy.yaml`,
      );
    }
    const config = (pack as { config?: unknown }).config;
    if (
      config !== undefined &&
      (typeof config !== 'object' || config === null || Array.isArray(config))
    ) {
      throw new InputError(
        `policyPacks[${i}].config must be an object of policy settings by policy name`,
      );
    }
  });
}

/**
 * Throws an {@link @backstage/errors#InputError} naming the first target that is not a resource of the
 * stack: the engine would silently do nothing for it.
 *
 * @public
 */
export function assertTargetsExist(
  targets: string[] | undefined,
  urns: ReadonlySet<string>,
): void {
  targets?.forEach((target, i) => {
    if (!urns.has(target)) {
      throw new InputError(
        `targets[${i}] '${target}' is not a resource of this stack`,
      );
    }
  });
}

function counts(map: OpMap | undefined): Record<string, number> {
  return Object.fromEntries(
    Object.entries(map ?? {}).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number',
    ),
  );
}

function isNamed(error: unknown, name: string): boolean {
  return (error as { name?: unknown })?.name === name;
}

type EngineOptions = PlannedEngineOptions;

/**
 * The engine options for the request's policy packs: the folders and, when any pack has config, the
 * config written to files, as the CLI takes it, in a temporary folder that `cleanup` removes.
 */
async function policyPackOptions(request: OperationRequest): Promise<{
  options: Pick<EngineOptions, 'policyPacks' | 'policyPackConfigs'>;
  cleanup: () => Promise<void>;
}> {
  const packs = request.policyPacks ?? [];
  const policyPacks = packs.map(pack => pack.dir);
  if (!packs.some(pack => pack.config)) {
    return {
      options: policyPacks.length > 0 ? { policyPacks } : {},
      cleanup: async () => {},
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'stackyard-policy-'));
  // The CLI pairs each config file with the pack at the same position.
  const policyPackConfigs = await Promise.all(
    packs.map(async (pack, i) => {
      const file = path.join(dir, `${i}.json`);
      await writeFile(file, JSON.stringify(pack.config ?? {}));
      return file;
    }),
  );
  return {
    options: { policyPacks, policyPackConfigs },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Runs the engine command of one kind; resolves to the change summary it reports. */
async function runKind(
  stack: Stack,
  kind: OperationKind,
  options: EngineOptions,
): Promise<OpMap | undefined> {
  switch (kind) {
    // Refreshed first, as `pulumi up --refresh`: without it, an up would not see, let alone undo, drift
    // made outside Pulumi, and a preview would not show what the up will do about it. A
    // `drift-check-program` is that same preview, read for drift.
    case 'preview':
    case 'drift-check-program':
      return (await stack.preview({ ...options, refresh: true })).changeSummary;
    case 'drift-check':
      return (await stack.previewRefresh(options)).changeSummary;
    case 'refresh':
      return (await stack.refresh(options)).summary.resourceChanges;
    case 'destroy':
      return (await stack.destroy(options)).summary.resourceChanges;
    case 'up':
      return (await stack.up({ ...options, refresh: true })).summary
        .resourceChanges;
    default:
      throw new InputError(`kind '${kind}' is not an operation`);
  }
}

/**
 * The engine's warning that it uses a plugin found on PATH: the plugins of `pulumi.engine.pluginDirs` and
 * the engine's own scripts are found there on purpose, so the warning says nothing to the reader of a run.
 */
function isAmbientPluginNotice(event: EngineEvent): boolean {
  const diagnostic = event.diagnosticEvent;
  return (
    diagnostic?.severity === 'warning' &&
    /^using pulumi-[a-z0-9-]+ from \$PATH at /.test(diagnostic.message)
  );
}

/**
 * What an operation learns of its stack before anything it reports may leave it, each as a promise, so
 * that the engine can start while they are read.
 *
 * @public
 */
export interface OperationSecrets {
  /** Removes every secret from what the operation passes on; its events wait for it. */
  redactor: Promise<Redactor>;
  /**
   * By resource, the secrets whose input and output differ in the state before the operation, which let
   * the drift that a refresh reports name them; no secret leaves this function.
   */
  secretInputDiffs?: Promise<SecretInputDiffs>;
}

/** Whether an engine event is the SDK's own noise, which no reader of a run wants. */
function isNoise(event: EngineEvent): boolean {
  // Debug diagnostics are the SDK's own tracing (every resource registration and RPC, the dynamic
  // providers' serialized code): hundreds of lines per run that say nothing to its reader. The SDK's type
  // leaves the severity out, but the engine sends it.
  return (
    isAmbientPluginNotice(event) ||
    (event.diagnosticEvent?.severity as string | undefined) === 'debug'
  );
}

/**
 * Runs one operation on a stack. Every event is redacted before anything sees it, and held back until
 * the redactor is known; if it cannot be, the engine is stopped and the reason thrown. The engine
 * failing, or being stopped through the signal, is a result rather than an error; a locked or missing
 * stack still throws, for the caller to translate.
 *
 * `preview` and `up` refresh first, so that they undo drift; `drift-check-program`, the same preview,
 * so that it finds drift. Targets are passed as they are, without `--target-dependents`: a destroy of a
 * resource that others depend on then fails with the engine's message naming them ("… will be destroyed
 * but was not specified in --target list"), rather than destroying more than was asked.
 *
 * @public
 */
export async function runStackOperation(
  stack: Stack,
  request: OperationRequest,
  secrets: OperationSecrets,
): Promise<OperationResult> {
  const { kind, signal, targets } = request;
  const relay = new EventRelay(request.onEvent);
  const stop = new AbortController();
  const follow = () => stop.abort();
  signal?.addEventListener('abort', follow);
  if (signal?.aborted) stop.abort();
  // Stops the engine when the secrets cannot be learnt: its events could then never be passed on.
  secrets.redactor.then(r => relay.open(r), follow);
  const options: EngineOptions = {
    onEvent: event => isNoise(event) || relay.push(event),
    signal: stop.signal,
    ...(targets && targets.length > 0 ? { target: targets } : {}),
  };
  let engineError: unknown;
  let fallback: OpMap | undefined;
  const policy = await policyPackOptions(request);
  try {
    const engineOptions = { ...options, ...policy.options };
    if (request.plan) {
      fallback = (await runPlanned(stack, kind, request.plan, engineOptions))
        .changeSummary;
    } else {
      fallback = await runKind(stack, kind, engineOptions);
    }
  } catch (error) {
    engineError = error ?? new Error('The engine failed');
  } finally {
    await policy.cleanup();
    signal?.removeEventListener('abort', follow);
  }
  const redactor = await secrets.redactor;
  const events = relay.delivered;
  const summaryOf = (ops?: OpMap) =>
    counts(
      events.find(e => e.summaryEvent)?.summaryEvent?.resourceChanges ?? ops,
    );
  const driftOf = async () => {
    const mode = driftMode(kind);
    if (!mode) return {};
    const diffs = await secrets.secretInputDiffs;
    return {
      drift: driftFromEvents(events, {
        mode,
        ...(diffs ? { secretInputDiffs: diffs } : {}),
      }),
    };
  };
  if (engineError !== undefined) {
    if (signal?.aborted) {
      return { kind, status: 'cancelled', changeSummary: summaryOf() };
    }
    if (!isNamed(engineError, 'CommandError')) throw engineError;
    const message = redactor.redact(engineFailureMessage(engineError, events));
    const refused = request.plan ? planViolation(message) : undefined;
    return {
      kind,
      status: 'failed',
      changeSummary: summaryOf(),
      ...(await driftOf()),
      message: refused ?? message,
      ...(refused ? { planRefused: true } : {}),
    };
  }
  if (request.plan && 'save' in request.plan) {
    return {
      kind,
      status: 'succeeded',
      changeSummary: summaryOf(fallback),
      plannedSteps: plannedSteps(events),
    };
  }
  // From the state rather than the up's result, which shows secrets nested in an output in plaintext.
  const outputs =
    kind === 'up'
      ? redactor.redact(
          stackStateFromDeployment(await stack.exportStack()).outputs,
        )
      : undefined;
  return {
    kind,
    status: 'succeeded',
    changeSummary: summaryOf(fallback),
    ...(await driftOf()),
    ...(outputs ? { outputs } : {}),
  };
}
