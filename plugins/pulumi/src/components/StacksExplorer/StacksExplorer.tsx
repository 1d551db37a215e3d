import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import {
  DRIFT_STATUSES,
  type DriftStatus,
  type PulumiStack,
} from '@stackyard/plugin-pulumi-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { pulumiApiRef, StackSort } from '../../api';
import { StackLink } from '../common/StackLink';
import { CursorPager, FilterSelect, useCursorPages } from '../common/paging';
import { DriftStatusChip, driftLabel } from '../common/DriftStatusChip';
import { relativeTime } from '../common/format';

/** The filters of the explorer. */
export interface StackFilters {
  backend: string;
  project: string;
  owner: string;
  drift: DriftStatus | '';
  q: string;
}

const EMPTY: StackFilters = {
  backend: '',
  project: '',
  owner: '',
  drift: '',
  q: '',
};

/** The table's columns, in order; those with a sort sort on the server. */
const COLUMNS: Array<{ label: string; sort?: StackSort }> = [
  { label: 'Stack', sort: 'name' },
  { label: 'Backend' },
  { label: 'Owner' },
  { label: 'Drift', sort: 'driftStatus' },
  { label: 'Last update', sort: 'lastUpdate' },
  { label: 'Resources', sort: 'resourceCount' },
  { label: 'Last drift check', sort: 'driftCheckedAt' },
];

/** Names sort A to Z first; everything else newest, largest or worst first. */
const defaultOrder = (by: StackSort): 'asc' | 'desc' =>
  by === 'name' ? 'asc' : 'desc';

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
  const [sort, setSort] = useState<{ by: StackSort; order: 'asc' | 'desc' }>({
    by: 'name',
    order: 'asc',
  });
  const [pageSize, setPageSize] = useState(25);
  // Any change of filters, sorting or page size goes back to the first page.
  const pages = useCursorPages(JSON.stringify([debounced, sort, pageSize]));
  const { cursor } = pages;
  const backends = useAsync(() => api.listBackends(), [api]);
  const page = useAsync(
    () =>
      api.listStacks({
        backend: debounced.backend || undefined,
        project: debounced.project || undefined,
        owner: debounced.owner || undefined,
        drift: debounced.drift || undefined,
        q: debounced.q || undefined,
        sort: sort.by,
        order: sort.order,
        limit: pageSize,
        cursor,
      }),
    [api, debounced, sort, pageSize, cursor],
  );

  const setFilter = (key: keyof StackFilters) => (value: string) =>
    setFilters(current => ({ ...current, [key]: value }));
  const toggleSort = (by: StackSort) =>
    setSort(current =>
      current.by === by
        ? { by, order: current.order === 'asc' ? 'desc' : 'asc' }
        : { by, order: defaultOrder(by) },
    );

  const items: PulumiStack[] = page.value?.items ?? [];
  return (
    <Box>
      <Box display="flex" flexWrap="wrap" style={{ gap: 12 }} mb={2}>
        <TextField
          label="Search"
          placeholder="project or stack name"
          variant="outlined"
          size="small"
          value={filters.q}
          onChange={e => setFilter('q')(e.target.value)}
          inputProps={{ 'aria-label': 'search stacks' }}
        />
        <FilterSelect
          id="pulumi-stacks-backend"
          label="Backend"
          value={filters.backend}
          all="All backends"
          options={(backends.value ?? []).map(id => ({ value: id, label: id }))}
          onChange={setFilter('backend')}
        />
        <TextField
          id="pulumi-stacks-project"
          label="Project"
          variant="outlined"
          size="small"
          value={filters.project}
          onChange={e => setFilter('project')(e.target.value)}
        />
        <TextField
          id="pulumi-stacks-owner"
          label="Owner"
          placeholder="group:default/team"
          variant="outlined"
          size="small"
          value={filters.owner}
          onChange={e => setFilter('owner')(e.target.value)}
        />
        <FilterSelect
          id="pulumi-stacks-drift"
          label="Drift"
          value={filters.drift}
          all="Any status"
          options={DRIFT_STATUSES.map(s => ({
            value: s,
            label: driftLabel(s),
          }))}
          onChange={setFilter('drift')}
        />
        {Object.values(filters).some(Boolean) && (
          <Button onClick={() => setFilters(EMPTY)}>Clear filters</Button>
        )}
      </Box>
      {page.error ? (
        <ResponseErrorPanel error={page.error} />
      ) : (
        <Paper>
          {page.loading ? (
            <LinearProgress aria-label="loading stacks" />
          ) : (
            <Box height={4} />
          )}
          <TableContainer>
            <Table size="small" aria-label="stacks">
              <TableHead>
                <TableRow>
                  {COLUMNS.map(({ label, sort: by }) => (
                    <TableCell key={label}>
                      {by ? (
                        <TableSortLabel
                          active={sort.by === by}
                          direction={
                            sort.by === by ? sort.order : defaultOrder(by)
                          }
                          onClick={() => toggleSort(by)}
                        >
                          {label}
                        </TableSortLabel>
                      ) : (
                        label
                      )}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map(stack => (
                  <TableRow key={stack.ref} hover>
                    <TableCell>
                      <StackLink stack={stack}>
                        {stack.project}/{stack.stack}
                      </StackLink>
                    </TableCell>
                    <TableCell>{stack.backendId}</TableCell>
                    <TableCell>
                      {stack.owner ? (
                        <EntityRefLink entityRef={stack.owner} />
                      ) : (
                        '—'
                      )}
                    </TableCell>
                    <TableCell>
                      <DriftStatusChip status={stack.driftStatus} />
                    </TableCell>
                    <TableCell>
                      {stack.lastUpdate
                        ? `${stack.lastUpdate.result ?? ''} ${relativeTime(
                            stack.lastUpdate.time,
                          )}`
                        : 'never'}
                    </TableCell>
                    <TableCell>{stack.resourceCount ?? 0}</TableCell>
                    <TableCell>{relativeTime(stack.driftCheckedAt)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
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
