import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { PulumiStackResource } from '@stackyard/plugin-pulumi-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { PulumiApi, pulumiApiRef, StackLocator } from '../../api';

/** At most this many resources are read for the table; its filters and pages work on them. */
const MAX_RESOURCES = 5000;

const columns: TableColumn<PulumiStackResource>[] = [
  { title: 'Type', field: 'type', width: '22%' },
  { title: 'Name', field: 'name', highlight: true, width: '16%' },
  {
    title: 'URN',
    field: 'urn',
    render: r => (
      <Typography variant="caption" style={{ wordBreak: 'break-all' }}>
        {r.urn}
      </Typography>
    ),
  },
  {
    title: 'Provider',
    field: 'provider.package',
    render: r =>
      r.provider?.package
        ? `${r.provider.package}${
            r.provider.version ? ` ${r.provider.version}` : ''
          }`
        : '—',
  },
  {
    title: 'Parent',
    field: 'parent',
    render: r => (r.parent ? r.parent.split('::').pop() : '—'),
  },
];

async function readAll(
  api: PulumiApi,
  stack: StackLocator,
): Promise<{ items: PulumiStackResource[]; truncated: boolean }> {
  const items: PulumiStackResource[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listResources(stack, { limit: 1000, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < MAX_RESOURCES);
  return { items, truncated: Boolean(cursor) };
}

/** A stack's resources, with a type filter, text search and pages. */
export const ResourcesTable = (props: { stack: StackLocator }) => {
  const api = useApi(pulumiApiRef);
  const { stack } = props;
  const { value, loading, error } = useAsync(
    () => readAll(api, stack),
    [api, stack.backendId, stack.project, stack.stack],
  );
  const [type, setType] = useState('');
  const types = useMemo(
    () => [...new Set((value?.items ?? []).map(r => r.type))].sort(),
    [value],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const rows = (value?.items ?? []).filter(r => !type || r.type === type);
  if (!value || value.items.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No resources"
        description="This stack has no resources yet: nothing has been deployed to it."
      />
    );
  }
  return (
    <Box>
      <Box mb={2} display="flex" alignItems="center" style={{ gap: 16 }}>
        <TextField
          select
          id="pulumi-resource-type"
          label="Resource type"
          value={type}
          onChange={e => setType(e.target.value)}
          variant="outlined"
          size="small"
          style={{ minWidth: 280 }}
        >
          <MenuItem value="">All types ({value.items.length})</MenuItem>
          {types.map(t => (
            <MenuItem key={t} value={t}>
              {t}
            </MenuItem>
          ))}
        </TextField>
        {value.truncated && (
          <Typography variant="body2" color="textSecondary">
            Showing the first {MAX_RESOURCES} resources.
          </Typography>
        )}
      </Box>
      <Table<PulumiStackResource>
        title={`Resources (${rows.length})`}
        options={{
          paging: true,
          pageSize: 20,
          pageSizeOptions: [20, 50, 100],
          padding: 'dense',
          search: true,
        }}
        columns={columns}
        data={rows}
      />
    </Box>
  );
};
