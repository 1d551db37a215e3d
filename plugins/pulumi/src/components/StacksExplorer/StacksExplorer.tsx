import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import { type PulumiStack } from '@stackyard/plugin-pulumi-common';
import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { ListStacksRequest, pulumiApiRef, StackSort } from '../../api';
import { CursorPager, useCursorPages } from '../common/paging';
import { EMPTY, StackFilterBar, StackFilters } from './StackFilterBar';
import { defaultOrder, StacksTable, StackTableSort } from './StacksTable';
import { useEagerAsync } from '../common/useEagerAsync';

export type { StackFilters } from './StackFilterBar';

/**
 * Every stack the user may read, with filters by backend, project, owner and drift status, text search,
 * sorting and server-side pages, so that it stays fast with tens of thousands of stacks.
 *
 * @public
 */
export const StacksExplorer = (props: {
  initialFilters?: Partial<StackFilters>;
}) => {
  const api = useApi(pulumiApiRef);
  const [filters, setFilters] = useState<StackFilters>({
    ...EMPTY,
    ...props.initialFilters,
  });
  // Typing waits for a pause before it asks the server.
  const [debounced, setDebounced] = useState(filters);
  useDebounce(() => setDebounced(filters), 300, [filters]);
  const [sort, setSort] = useState<StackTableSort>({
    by: 'name',
    order: 'asc',
  });
  const [pageSize, setPageSize] = useState(25);
  // Any change of filters, sorting or page size goes back to the first page.
  const pages = useCursorPages(JSON.stringify([debounced, sort, pageSize]));
  const { cursor } = pages;
  const backends = useEagerAsync('pulumi:backends', () => api.listBackends());
  const request: ListStacksRequest = {
    backend: debounced.backend || undefined,
    project: debounced.project || undefined,
    owner: debounced.owner || undefined,
    drift: debounced.drift || undefined,
    q: debounced.q || undefined,
    sort: sort.by,
    order: sort.order,
    limit: pageSize,
    cursor,
  };
  const page = useEagerAsync(`pulumi:stacks:${JSON.stringify(request)}`, () =>
    api.listStacks(request),
  );

  const toggleSort = (by: StackSort) =>
    setSort(current =>
      current.by === by
        ? { by, order: current.order === 'asc' ? 'desc' : 'asc' }
        : { by, order: defaultOrder(by) },
    );

  const items: PulumiStack[] = page.value?.items ?? [];
  return (
    <Box>
      <StackFilterBar
        filters={filters}
        backends={backends.value ?? []}
        onChange={setFilters}
      />
      {page.error ? (
        <ResponseErrorPanel error={page.error} />
      ) : (
        <Paper>
          {page.loading ? (
            <LinearProgress aria-label="loading stacks" />
          ) : (
            <Box height={4} />
          )}
          <StacksTable items={items} sort={sort} onSort={toggleSort} />
          {!page.loading && items.length === 0 && (
            <EmptyState
              missing="data"
              title="No stacks"
              description={
                Object.values(debounced).some(Boolean)
                  ? 'No stack matches these filters.'
                  : 'No stacks yet: the backends are empty, or not synced yet.'
              }
            />
          )}
          <CursorPager
            pages={pages}
            nextCursor={page.value?.nextCursor}
            loading={page.loading}
          >
            <TextField
              id="pulumi-stacks-rows"
              select
              size="small"
              label="Rows"
              value={pageSize}
              onChange={e => setPageSize(Number(e.target.value))}
            >
              {[25, 50, 100].map(n => (
                <MenuItem key={n} value={n}>
                  {n}
                </MenuItem>
              ))}
            </TextField>
          </CursorPager>
        </Paper>
      )}
    </Box>
  );
};
