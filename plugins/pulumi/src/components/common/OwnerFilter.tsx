import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FilterSelect } from './paging';
import { useEagerAsync } from './useEagerAsync';

/** The catalog's groups, as entity refs in order: the choices of an owner filter. */
function useOwnerGroups() {
  const catalog = useApi(catalogApiRef);
  return useEagerAsync('pulumi:owner-groups', async () => {
    const { items } = await catalog.getEntities({
      filter: { kind: 'Group' },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    });
    return items.map(e => stringifyEntityRef(e)).sort();
  });
}

/** The owner filter of a view: the catalog's groups, or all owners (the empty value). */
export const OwnerFilter = (props: {
  id: string;
  value: string;
  onChange: (owner: string) => void;
}) => {
  const owners = useOwnerGroups();
  return (
    <FilterSelect
      id={props.id}
      label="Owner"
      value={props.value}
      all="All owners"
      options={(owners.value ?? []).map(ref => ({ value: ref, label: ref }))}
      onChange={props.onChange}
      minWidth={260}
    />
  );
};
