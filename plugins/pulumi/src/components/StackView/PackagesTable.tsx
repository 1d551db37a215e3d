import {
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { pulumiApiRef, StackLocator, StackPackageUse } from '../../api';
import { VersionChip } from '../RegistryView/PackageStacks';
import { useEagerAsync } from '../common/useEagerAsync';

const columns: TableColumn<StackPackageUse>[] = [
  { title: 'Kind', field: 'kind' },
  { title: 'Package', field: 'package' },
  { title: 'Component type', render: p => p.type ?? '—' },
  {
    title: 'Version',
    render: p => (
      <VersionChip version={p.version ?? 'unknown'} outdated={p.outdated} />
    ),
  },
  { title: 'Resources', field: 'resources', type: 'numeric' },
];

/** What a stack uses: its providers and component types, with their versions, the outdated ones marked. */
export const PackagesTable = (props: { stack: StackLocator }) => {
  const api = useApi(pulumiApiRef);
  const { backendId, project, stack } = props.stack;
  const packages = useEagerAsync(
    `pulumi:stack-packages:${backendId}:${project}/${stack}`,
    () => api.getStackPackages(props.stack),
  );
  if (packages.error) return <ResponseErrorPanel error={packages.error} />;
  if (!packages.value) return <Progress />;
  return (
    <Table
      title="Packages and components"
      options={{ paging: false, search: false }}
      columns={columns}
      data={packages.value}
    />
  );
};
