import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import type { PulumiRegistryStackUsage } from '@stackyard/plugin-pulumi-common';
import { pulumiApiRef } from '../../api';
import { CursorPager, useCursorPages } from '../common/paging';
import { StackLink } from '../common/StackLink';
import { useEagerAsync } from '../common/useEagerAsync';

/** A version, marked when outdated. */
export const VersionChip = (props: { version: string; outdated: boolean }) => (
  <Chip
    size="small"
    label={props.outdated ? `${props.version} · outdated` : props.version}
    color={props.outdated ? 'secondary' : 'default'}
    variant={props.outdated ? 'default' : 'outlined'}
  />
);

const columns: TableColumn<PulumiRegistryStackUsage>[] = [
  {
    title: 'Stack',
    render: u => <StackLink stack={u}>{`${u.project}/${u.stack}`}</StackLink>,
  },
  { title: 'Backend', field: 'backendId' },
  {
    title: 'Version',
    render: u => <VersionChip version={u.version} outdated={u.outdated} />,
  },
  {
    title: 'Owner',
    render: u => (u.owner ? <EntityRefLink entityRef={u.owner} /> : '—'),
  },
];

/** The stacks that use one package, with the version each uses, for the registry's drill-down. */
export const PackageStacks = (props: { name: string; owner: string }) => {
  const api = useApi(pulumiApiRef);
  const { name, owner } = props;
  const pages = useCursorPages(`${name}:${owner}`);
  const { cursor } = pages;
  const usage = useEagerAsync(
    `pulumi:registry-package:${name}:${owner}:${cursor ?? ''}`,
    () =>
      api.getRegistryPackage(name, {
        owner: owner || undefined,
        limit: 25,
        cursor,
      }),
  );
  return (
    <InfoCard title={`Stacks that use ${name}`}>
      {usage.error && <ResponseErrorPanel error={usage.error} />}
      {usage.loading && !usage.value && <Progress />}
      {usage.value && (
        <>
          <Table
            options={{ paging: false, search: false, toolbar: false }}
            columns={columns}
            data={usage.value.stacks.items}
          />
          <CursorPager
            pages={pages}
            nextCursor={usage.value.stacks.nextCursor}
            loading={usage.loading}
          />
        </>
      )}
    </InfoCard>
  );
};
