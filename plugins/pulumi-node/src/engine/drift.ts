import type { EngineEvent, StepEventMetadata } from '@pulumi/pulumi/automation';
import {
  changedProperties,
  detailedProperties,
  managedDifferences,
  sameJson,
  updatedProperties,
  visible,
} from './driftProperties';
import type {
  DriftedProperty,
  DriftedResource,
  DriftFromEventsOptions,
} from './driftTypes';

const STACK_TYPE = 'pulumi:pulumi:Stack';
const PROVIDER_TYPE_PREFIX = 'pulumi:providers:';
// The steps of a preview that would change the stack. Not `same`, `read` or `refresh`, which change
// nothing, nor `remove-pending-replace`, which only tidies the state.
const CODE_OPS = new Set([
  'create',
  'update',
  'replace',
  'create-replacement',
  'delete-replaced',
  'delete',
  'import',
  'import-replacement',
]);
const REPLACEMENT_OPS = new Set([
  'replace',
  'create-replacement',
  'delete-replaced',
  'import-replacement',
]);

/** The name part of a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`), which may itself hold `::`. */
function urnName(urn: string): string {
  const parts = urn.split('::');
  return parts.length >= 4
    ? parts.slice(3).join('::')
    : parts[parts.length - 1];
}

/**
 * The findings that the events of a refresh or of a preview with refresh report. Only `resOutputsEvent`s
 * count: they carry a step's state before and after. The stack resource and providers are left out; a
 * provider's "update" only means the stack config changed, which shows on the resources it changes.
 *
 * Source `outside` (both modes): a `previewRefresh` or `refresh` reports a resource it found changed as an
 * `update` step and one it found gone as a `delete` step (mode `refresh`); a preview with refresh reports
 * every resource as a `refresh` step, which differs only if its old and new outputs do, and which has no
 * new state for a resource that is gone. Providers that give no detailed diff, as dynamic providers do
 * not, still carry the old and new outputs, so the properties come from comparing those. An `update` whose
 * outputs did not change is about the state's inputs, which differ from the real resource: after an
 * accepting refresh by a provider whose read returns no inputs, say. Its properties are those inputs, with
 * source `inputs`.
 *
 * Source `code` (mode `program` only): each step of the program's preview that would change the stack is
 * kind `undeployed`, with the properties that the step would change. A step that would only restore what
 * the state holds for a resource changed outside Pulumi (the `update` back, or the `create` of one
 * deleted) is not reported again: that resource's `outside` finding already says it.
 *
 * Secret values are never shown; see {@link DriftedProperty}. Because the engine masks them in every
 * event, a secret changed outside Pulumi is only found by mode `refresh`, whose `update` step says that
 * the resource changed. In mode `program` the refresh step cannot tell, and the program's step that
 * would put the value back shows as a `code` finding.
 *
 * @public
 */
export function driftFromEvents(
  events: EngineEvent[],
  options: DriftFromEventsOptions,
): DriftedResource[] {
  const outside = new Map<string, DriftedResource>();
  const code = new Map<string, DriftedResource>();
  // The outputs the state held before a preview's refresh step, by URN: what a `code` step that only
  // undoes drift would put back.
  const stateBefore = new Map<string, unknown>();

  const finding = (
    step: StepEventMetadata,
    rest: Pick<DriftedResource, 'kind' | 'source' | 'properties'> & {
      operation?: string;
    },
  ): DriftedResource => ({
    urn: step.urn,
    type: step.type,
    name: urnName(step.urn),
    ...rest,
  });

  const noteOutside = (step: StepEventMetadata) => {
    const before = visible(step.old?.outputs ?? {});
    if (step.op === 'refresh') stateBefore.set(step.urn, before);
    const gone = step.op === 'delete' || !step.new || !step.new.outputs;
    if (gone) {
      outside.set(
        step.urn,
        finding(step, { kind: 'deleted', source: 'outside', properties: [] }),
      );
      return;
    }
    const after = visible(step.new?.outputs);
    // An `update` of a refresh is the engine saying the resource differs, which may be in a secret it
    // masks or only in the state's inputs; a `refresh` step says nothing either way, so only a visible
    // difference counts. An update that differs in nothing a user sees, nor in any secret, is no drift.
    const properties =
      detailedProperties(step, before, after) ??
      (step.op === 'update'
        ? updatedProperties(
            step,
            before,
            after,
            options.secretInputDiffs?.get(step.urn),
          )
        : managedDifferences(step, before, after));
    if (properties.length > 0) {
      outside.set(
        step.urn,
        finding(step, { kind: 'changed', source: 'outside', properties }),
      );
    }
  };

  const noteCode = (step: StepEventMetadata) => {
    const operation = REPLACEMENT_OPS.has(step.op) ? 'replace' : step.op;
    const known = code.get(step.urn);
    // The steps of one replacement come one by one; the first that knows both sides names the properties.
    if (known && (known.properties.length > 0 || !step.new)) return;
    const deployed = step.old?.outputs ?? stateBefore.get(step.urn) ?? {};
    const wanted = step.new?.outputs ?? step.new?.inputs;
    const before = visible(deployed);
    const after = wanted === undefined ? undefined : visible(wanted);
    if (
      outside.has(step.urn) &&
      after !== undefined &&
      stateBefore.has(step.urn) &&
      sameJson(stateBefore.get(step.urn), after)
    ) {
      return;
    }
    code.set(
      step.urn,
      finding(step, {
        kind: 'undeployed',
        source: 'code',
        operation,
        properties:
          after === undefined || step.op === 'delete'
            ? []
            : detailedProperties(step, before, after) ??
              changedProperties(before, after),
      }),
    );
  };

  for (const event of events) {
    const step = event.resOutputsEvent?.metadata;
    if (
      !step ||
      step.type === STACK_TYPE ||
      step.type.startsWith(PROVIDER_TYPE_PREFIX)
    ) {
      continue;
    }
    if (step.op === 'refresh') {
      noteOutside(step);
    } else if (options.mode === 'refresh') {
      if (step.op === 'update' || step.op === 'delete') noteOutside(step);
    } else if (CODE_OPS.has(step.op)) {
      noteCode(step);
    }
  }
  return [...outside.values(), ...code.values()];
}
