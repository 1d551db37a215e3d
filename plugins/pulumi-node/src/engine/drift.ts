import type { EngineEvent } from '@pulumi/pulumi/automation';

/**
 * One property that differs between the state and the real resource.
 *
 * @public
 */
export interface DriftedProperty {
  /** The property path, for example `content` or `tags.team`. */
  path: string;
  /** The value the state holds. */
  expected: unknown;
  /** The value the real resource has now. */
  actual: unknown;
}

/**
 * A resource that a refresh found changed or deleted outside Pulumi.
 *
 * @public
 */
export interface DriftedResource {
  urn: string;
  type: string;
  /** `changed` when the resource differs, `deleted` when it no longer exists. */
  kind: 'changed' | 'deleted';
  properties: DriftedProperty[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every leaf path whose value differs between `expected` and `actual`.
 *
 * @public
 */
export function diffProperties(
  expected: unknown,
  actual: unknown,
  prefix = '',
): DriftedProperty[] {
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const keys = [
      ...new Set([...Object.keys(expected), ...Object.keys(actual)]),
    ];
    return keys
      .sort()
      .flatMap(key =>
        diffProperties(
          expected[key],
          actual[key],
          prefix ? `${prefix}.${key}` : key,
        ),
      );
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const length = Math.max(expected.length, actual.length);
    return Array.from({ length }, (_, i) =>
      diffProperties(expected[i], actual[i], `${prefix}[${i}]`),
    ).flat();
  }
  if (JSON.stringify(expected) === JSON.stringify(actual)) {
    return [];
  }
  return [{ path: prefix, expected, actual }];
}

/**
 * The drifted resources that the events of a `previewRefresh` (or `refresh`) report.
 *
 * A refresh reports a resource it found changed as an `update` step and a resource it found gone as a
 * `delete` step. Providers that give no detailed diff, as dynamic providers do not, still carry the old and
 * new outputs, so the properties come from comparing those. Secret values arrive already masked by the
 * engine and stay masked.
 *
 * @public
 */
export function driftFromEvents(events: EngineEvent[]): DriftedResource[] {
  const drifted = new Map<string, DriftedResource>();
  for (const event of events) {
    const step = event.resOutputsEvent?.metadata;
    if (!step || step.type === 'pulumi:pulumi:Stack') {
      continue;
    }
    if (step.op === 'update' || step.op === 'refresh') {
      const properties = diffProperties(
        step.old?.outputs ?? {},
        step.new?.outputs ?? {},
      );
      if (step.op === 'update' || properties.length > 0) {
        drifted.set(step.urn, {
          urn: step.urn,
          type: step.type,
          kind: 'changed',
          properties,
        });
      }
    } else if (step.op === 'delete') {
      drifted.set(step.urn, {
        urn: step.urn,
        type: step.type,
        kind: 'deleted',
        properties: [],
      });
    }
  }
  return [...drifted.values()];
}
