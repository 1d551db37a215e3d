import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { useEagerAsync } from './useEagerAsync';

/** The catalog's groups, as entity refs in order: the choices of an owner filter. */
export function useOwnerGroups() {
  const catalog = useApi(catalogApiRef);
  return useEagerAsync('pulumi:owner-groups', async () => {
    const { items } = await catalog.getEntities({
      filter: { kind: 'Group' },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    });
    return items.map(e => stringifyEntityRef(e)).sort();
  });
}
