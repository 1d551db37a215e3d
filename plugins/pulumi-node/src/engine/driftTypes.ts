import type { SecretInputDiffs } from './stateSecrets';

/**
 * One property that differs.
 *
 * @public
 */
export interface DriftedProperty {
  /** The property path, for example `content` or `tags.team`. */
  path: string;
  /**
   * The value the state holds; for a finding of source `code`, the value deployed now. `[secret]` for a
   * secret.
   */
  expected: unknown;
  /**
   * The value the real resource has now; for a finding of source `code`, the value the program would
   * deploy. `[secret]` for a secret.
   */
  actual: unknown;
  /** What `expected` is; left out for `outputs`. See {@link DriftedPropertySource}. */
  source?: DriftedPropertySource;
}

/**
 * What a changed property's `expected` value is: `outputs`, the state's record of the resource; `inputs`,
 * the inputs the code last deployed, which the state keeps and an `up` would write back. A refresh finds
 * inputs that differ when the state's outputs already match the real resource, as they do after an
 * accepting refresh by a provider whose read returns no inputs.
 *
 * @public
 */
export type DriftedPropertySource = 'outputs' | 'inputs';

/**
 * What a drift finding says about its resource: `changed` or `deleted` outside Pulumi, or `undeployed`
 * when the program would change it.
 *
 * @public
 */
export type DriftKind = 'changed' | 'deleted' | 'undeployed';

/**
 * Where a difference comes from: `outside`, the real resource was changed behind Pulumi's back; `code`,
 * the program differs from what is deployed.
 *
 * @public
 */
export type DriftSource = 'outside' | 'code';

/**
 * One resource that differs from the stack's state (source `outside`) or from its program (source
 * `code`). A resource may have one finding of each source.
 *
 * @public
 */
export interface DriftedResource {
  urn: string;
  type: string;
  /** The resource's name: the last segment of its URN. */
  name: string;
  /** `changed` and `deleted` come with source `outside`, `undeployed` with source `code`. */
  kind: DriftKind;
  source: DriftSource;
  /**
   * For source `code`: the step the next `up` would take, such as `create`, `update`, `replace` or
   * `delete`. The steps of one replacement are reported once, as `replace`.
   */
  operation?: string;
  /**
   * The properties that differ. Empty for a resource deleted outside Pulumi, and for one the program
   * would delete.
   */
  properties: DriftedProperty[];
}

/**
 * How the events that {@link driftFromEvents} reads were made.
 *
 * @public
 */
export interface DriftFromEventsOptions {
  /**
   * `refresh` for a refresh, in preview-only mode or not, which compares the real resources with the
   * state; `program` for a preview with refresh first, which also runs the program and so also finds
   * code that was never deployed.
   */
  mode: 'refresh' | 'program';
  /**
   * The secrets whose input and output differ in the state the events start from (see
   * {@link secretInputDiffs}): the engine masks secrets in its events, so only these are named as inputs
   * that differ.
   */
  secretInputDiffs?: SecretInputDiffs;
}
