import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  parseProjectSlug,
  PULUMI_PROJECT_SLUG_ANNOTATION,
  type PulumiStack,
} from '@stackyard/plugin-pulumi-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pulumiApiRef } from '../../api';

/**
 * Whether an entity names Pulumi stacks, with the `pulumi.com/project-slug` annotation: what shows the
 * Pulumi card and tab on it.
 *
 * @public
 */
export const isPulumiAvailable = (entity: Entity): boolean =>
  Boolean(entity.metadata.annotations?.[PULUMI_PROJECT_SLUG_ANNOTATION]);

export type EntityStacks =
  | { state: 'missing-annotation' }
  | { state: 'invalid-annotation'; value: string; message: string }
  | {
      state: 'ready';
      value: string;
      loading: boolean;
      error?: Error;
      stacks: PulumiStack[];
      retry: () => void;
    };

/** The stacks an entity names, as the backend links them (through the same annotation). */
export function useEntityStacks(entity: Entity): EntityStacks {
  const api = useApi(pulumiApiRef);
  const value = entity.metadata.annotations?.[PULUMI_PROJECT_SLUG_ANNOTATION];
  const parsed = value !== undefined ? parseProjectSlug(value) : undefined;
  const entityRef = stringifyEntityRef(entity);
  const result = useAsyncRetry(async () => {
    if (!parsed?.ok) return [];
    return (await api.listStacks({ entityRef, limit: 100 })).items;
  }, [api, entityRef, value]);
  if (value === undefined) return { state: 'missing-annotation' };
  if (!parsed!.ok) {
    return { state: 'invalid-annotation', value, message: parsed!.message };
  }
  return {
    state: 'ready',
    value,
    loading: result.loading,
    error: result.error,
    stacks: result.value ?? [],
    retry: result.retry,
  };
}
