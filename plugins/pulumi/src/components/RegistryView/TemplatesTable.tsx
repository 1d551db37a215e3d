import {
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import {
  pulumiTemplateEntityName,
  type PulumiRegistryTemplate,
} from '@stackyard/plugin-pulumi-common';
import { pulumiApiRef } from '../../api';
import { useEagerAsync } from '../common/useEagerAsync';

const columns: TableColumn<PulumiRegistryTemplate>[] = [
  {
    title: 'Template',
    render: t => (
      <Link
        to={`/create/templates/default/${pulumiTemplateEntityName(t.name)}`}
      >
        {t.name}
      </Link>
    ),
  },
  {
    title: 'Versions (stacks)',
    render: t => (
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {t.versions.map(v => (
          <Chip
            key={v.version}
            size="small"
            variant="outlined"
            label={`v${v.version} · ${v.stacks} ${
              v.stacks === 1 ? 'stack' : 'stacks'
            }`}
          />
        ))}
      </Box>
    ),
  },
  { title: 'Stacks', field: 'stacks', type: 'numeric' },
];

/**
 * The templates that the stacks were created from (their `stackyard:template` tags), with how many stacks
 * each version created; nothing when no stack names one.
 */
export const TemplatesTable = (props: { owner: string }) => {
  const api = useApi(pulumiApiRef);
  const templates = useEagerAsync(
    `pulumi:registry-templates:${props.owner}`,
    () =>
      api.listRegistryTemplates({
        owner: props.owner || undefined,
        limit: 500,
      }),
  );
  if (templates.error) return <ResponseErrorPanel error={templates.error} />;
  if (!templates.value?.items.length) return null;
  return (
    <Table
      title="Created from templates"
      options={{ paging: false, search: false }}
      columns={columns}
      data={templates.value.items}
    />
  );
};
