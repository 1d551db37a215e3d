import type { PulumiPlannedStep } from '@stackyard/plugin-pulumi-common';
import type { EngineEvent, OpMap, Stack } from '@pulumi/pulumi/automation';
import { InputError } from '@backstage/errors';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { driftFromEvents } from './drift';
import type { DriftedResource } from './driftTypes';
import { stackStateFromDeployment } from './stackState';
import type { OperationKind, OperationPlan } from './types';

/** The engine options a planned operation passes on, as `runStackOperation` builds them. */
export type PlannedEngineOptions = {
  onEvent: (event: EngineEvent) => void;
  signal?: AbortSignal;
  target?: string[];
  policyPacks?: string[];
  policyPackConfigs?: string[];
};

/** What a planned operation returns: the engine's change summary. */
export interface PlannedOutcome {
  changeSummary: OpMap | undefined;
}

/**
 * The plan of a destroy, which the engine cannot save: the URNs the stack held when it was previewed. A
 * destroy applies it only while the stack holds exactly those.
 */
interface DestroyPlan {
  destroy: string[];
}

/** The kinds a plan binds: `up`, with the engine's own update plan, and `destroy`. */
export function assertPlannable(kind: OperationKind, plan?: OperationPlan) {
  if (plan && kind !== 'up' && kind !== 'destroy') {
    throw new InputError(`plan applies to up and destroy, not to ${kind}`);
  }
  if (plan && 'apply' in plan && typeof plan.apply !== 'string') {
    throw new InputError(
      'plan.apply must be a plan that a saved preview returned',
    );
  }
}

async function stateUrns(stack: Stack): Promise<string[]> {
  const state = stackStateFromDeployment(await stack.exportStack());
  return state.resources.map(r => r.urn).sort();
}

function parseDestroyPlan(plan: string): DestroyPlan {
  try {
    const parsed = JSON.parse(plan) as Partial<DestroyPlan>;
    if (Array.isArray(parsed.destroy)) return { destroy: parsed.destroy };
  } catch {
    // Reported below.
  }
  throw new InputError('plan.apply is not the plan of a destroy');
}

/** A plan file of the engine's in a temporary folder, removed by `cleanup`. */
async function withPlanFile<T>(
  fn: (file: string) => Promise<T>,
  content?: string,
): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'stackyard-plan-'));
  const file = path.join(dir, 'plan.json');
  try {
    if (content !== undefined) await writeFile(file, content, { mode: 0o600 });
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The error of a destroy whose stack no longer holds what its plan saw, worded as the engine's own plan
 * errors are, so that both read as a refused plan.
 */
export class DestroyPlanViolation extends Error {
  name = 'CommandError' as const;
}

async function applyDestroyPlan(
  stack: Stack,
  plan: string,
  options: PlannedEngineOptions,
): Promise<OpMap | undefined> {
  const planned = new Set(parseDestroyPlan(plan).destroy);
  const now = await stateUrns(stack);
  const added = now.filter(urn => !planned.has(urn));
  const gone = [...planned].filter(urn => !now.includes(urn));
  if (added.length > 0 || gone.length > 0) {
    const list = (urns: string[]) => urns.slice(0, 3).join(', ');
    throw new DestroyPlanViolation(
      `error: the stack violates plan: ${[
        added.length > 0 ? `new since the preview: ${list(added)}` : '',
        gone.length > 0 ? `gone since the preview: ${list(gone)}` : '',
      ]
        .filter(Boolean)
        .join('; ')}`,
    );
  }
  return (await stack.destroy(options)).summary.resourceChanges;
}

/**
 * Runs an `up` or `destroy` bound to a plan. `{ save }` only previews it, refreshed first as the
 * operation would be, and hands `save` the plan it would follow: the engine's update plan for an `up`
 * (`pulumi preview --save-plan`), the stack's URNs for a `destroy`. `{ apply }` runs it within that plan:
 * an `up` with `--plan`, which the engine fails on any step the plan does not hold; a `destroy` only while
 * the stack holds what the preview saw.
 */
export async function runPlanned(
  stack: Stack,
  kind: OperationKind,
  plan: OperationPlan,
  options: PlannedEngineOptions,
): Promise<PlannedOutcome> {
  if ('save' in plan) {
    if (kind === 'destroy') {
      const { changeSummary } = await stack.previewDestroy(options);
      await plan.save(JSON.stringify({ destroy: await stateUrns(stack) }));
      return { changeSummary };
    }
    return withPlanFile(async file => {
      const preview = await stack.preview({
        ...options,
        refresh: true,
        plan: file,
      });
      await plan.save(await readFile(file, 'utf8'));
      return { changeSummary: preview.changeSummary };
    });
  }
  if (kind === 'destroy') {
    return {
      changeSummary: await applyDestroyPlan(stack, plan.apply, options),
    };
  }
  return withPlanFile(async file => {
    const up = await stack.up({ ...options, refresh: true, plan: file });
    return { changeSummary: up.summary.resourceChanges };
  }, plan.apply);
}

const PLAN_VIOLATION = /violates plan[^\n]*/;

/**
 * When the engine refused a plan, the message that says so: the step that broke it, shortened, since the
 * engine prints whole property values (a dynamic provider's serialized code among them).
 */
export function planViolation(message: string): string | undefined {
  const found = PLAN_VIOLATION.exec(message)?.[0];
  if (!found) return undefined;
  const detail = found.length > 300 ? `${found.slice(0, 300)}…` : found;
  return `The stack changed since its plan was previewed, and the engine refused to go beyond the plan (${detail}). Preview again for a new plan.`;
}

/** The step a plan takes for a finding: the program's own, or the one that undoes a change outside. */
function stepOperation(finding: DriftedResource): string {
  if (finding.source === 'code') return finding.operation ?? 'update';
  return finding.kind === 'deleted' ? 'create' : 'update';
}

/**
 * The steps of a saved plan's preview: what an approver sees. The program's steps come with the
 * properties they change; a step that only puts back what was changed outside Pulumi is marked so.
 */
export function plannedSteps(events: EngineEvent[]): PulumiPlannedStep[] {
  return driftFromEvents(events, { mode: 'program' }).map(finding => ({
    urn: finding.urn,
    type: finding.type,
    name: finding.name,
    operation: stepOperation(finding),
    ...(finding.source === 'outside' ? { restoresDrift: true } : {}),
    properties: finding.properties.map(p =>
      finding.source === 'code'
        ? { path: p.path, before: p.expected, after: p.actual }
        : { path: p.path, before: p.actual, after: p.expected },
    ),
  }));
}
