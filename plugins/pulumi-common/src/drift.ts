import type { DriftStatus, PulumiStack } from './stacks';

/**
 * One property that differs.
 *
 * @public
 */
export interface PulumiDriftProperty {
  /** The property path, for example `content` or `tags.team`. */
  path: string;
  /** What the state (or, for code findings, the deployed resource) holds; `[secret]` for secrets. */
  expected: unknown;
  /** What the real resource (or, for code findings, the code) has; `[secret]` for secrets. */
  actual: unknown;
  /**
   * What `expected` is: `outputs`, the state's record of the resource (also when left out); `inputs`, the
   * inputs the code last deployed, which the state keeps and an update would write back. A check reports
   * inputs when the state's outputs already match the real resource, as after accepting drift on a
   * provider whose read returns no inputs.
   */
  source?: 'outputs' | 'inputs';
  /** An ignore rule matched this property. */
  ignored?: boolean;
}

/**
 * One resource that a drift check found different.
 *
 * @public
 */
export interface PulumiDriftFinding {
  urn: string;
  type: string;
  name: string;
  /**
   * `changed` or `deleted` outside Pulumi; `undeployed` for code that differs from what is deployed
   * (only `drift-check-program` finds those).
   */
  kind: 'changed' | 'deleted' | 'undeployed';
  /** `outside`: the real resource changed behind Pulumi's back. `code`: the program was never deployed. */
  source: 'outside' | 'code';
  /** For code findings, the step an update would take: create, update, replace or delete. */
  operation?: string;
  properties: PulumiDriftProperty[];
  /** An ignore rule matched every property (or the whole resource): kept, but not counted as drift. */
  ignored: boolean;
  /** The id of the rule that matched. */
  ignoredBy?: string;
}

/**
 * One drift check of one stack.
 *
 * @public
 */
export interface PulumiDriftCheck {
  runId: string;
  stackRef: string;
  kind: 'drift-check' | 'drift-check-program';
  status: DriftStatus;
  requestedBy: string;
  checkedAt: string;
  /** Findings not ignored. */
  findings: number;
  ignored: number;
  /** Why the check failed, when its status is `error`. */
  error?: string;
}

/**
 * A stack's latest drift check with its findings, and what changed since the check before it.
 *
 * @public
 */
export interface PulumiDriftReport {
  stackRef: string;
  status: DriftStatus;
  lastCheck?: PulumiDriftCheck;
  /** Seconds since the last check ended. */
  secondsSinceLastCheck?: number;
  findings: PulumiDriftFinding[];
  /** URNs drifted now but not at the previous check, and URNs drifted then but not now. */
  changedSinceLastCheck: { newlyDrifted: string[]; resolved: string[] };
}

/**
 * A drifted stack with what its latest check found, as `GET /drift/stacks` lists it.
 *
 * @public
 */
export interface PulumiDriftedStack {
  stack: PulumiStack;
  /** The findings of the stack's latest drift check that no ignore rule matched. */
  findings: PulumiDriftFinding[];
}

/**
 * A rule that keeps known noise off the drift status. Every field given must match; patterns use `*` for
 * any run of characters. Without `property`, it ignores whole resources.
 *
 * @public
 */
export interface PulumiDriftIgnoreRule {
  id: string;
  /** Matches the stack ref `backend:organization/project/stack`, for example `local:organization/website/prod` or `local:organization/website/*` (a `*` matches any run of characters). */
  stack?: string;
  type?: string;
  urn?: string;
  /** A property path, for example `tags.lastSeen` or `tags.*`. */
  property?: string;
  reason?: string;
  /** Rules from app config cannot be changed through the API. */
  source: 'config' | 'api';
  createdBy?: string;
  createdAt?: string;
}

/**
 * Drift across every stack the caller may read, or those of one owner (`owner`).
 *
 * @public
 */
export interface PulumiDriftSummary {
  counts: Record<DriftStatus, number>;
  /** Per day of the window, how many stacks had at least one drifted check. */
  driftedPerDay: Array<{ day: string; stacks: number }>;
  /** Drift episodes (first drifted check to first in-sync check after it) that ended in the window. */
  timeToResolve: {
    episodes: number;
    meanSeconds?: number;
    medianSeconds?: number;
  };
  /** Resource types with the most drifted findings in the window. */
  topResourceTypes: Array<{ type: string; findings: number }>;
}
