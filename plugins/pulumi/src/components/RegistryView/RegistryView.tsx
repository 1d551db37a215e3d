import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import type {
  PulumiRegistryComponentPackage,
  PulumiRegistryPackage,
} from '@stackyard/plugin-pulumi-common';
import { useState } from 'react';
import { pulumiApiRef } from '../../api';
import { useEagerAsync } from '../common/useEagerAsync';
import { OwnerFilter } from '../common/OwnerFilter';
import { PackageStacks, VersionChip } from './PackageStacks';
import { TemplatesTable } from './TemplatesTable';
import { VersionsChart } from './VersionsChart';

const versionList = (
  versions: PulumiRegistryPackage['versions'],
): JSX.Element => (
  <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
    {versions.map(v => (
      <span key={v.version}>
        <VersionChip version={v.version} outdated={v.outdated} /> {v.stacks}
      </span>
    ))}
  </Box>
);

type ComponentRow = PulumiRegistryComponentPackage['types'][number] & {
  package: string;
};

const componentColumns: TableColumn<ComponentRow>[] = [
  { title: 'Package', field: 'package' },
  { title: 'Component type', field: 'type' },
  { title: 'Versions (stacks)', render: r => versionList(r.versions) },
  { title: 'Stacks', field: 'stacks', type: 'numeric' },
  { title: 'Resources', field: 'resources', type: 'numeric' },
];

/**
 * The usage registry: the packages the stacks use, with a chart of their versions and the outdated stacks
 * per package, a drill-down to the stacks of one package, the component types by the package that
 * serves them, and the templates the stacks were created from; for everyone or one owner.
 *
 * @public
 */
export const RegistryView = () => {
  const api = useApi(pulumiApiRef);
  const [owner, setOwner] = useState('');
  const [selected, setSelected] = useState<string>();
  const request = { owner: owner || undefined, limit: 500 };
  const packages = useEagerAsync(`pulumi:registry-packages:${owner}`, () =>
    api.listRegistryPackages(request),
  );
  const components = useEagerAsync(`pulumi:registry-components:${owner}`, () =>
    api.listRegistryComponents(request),
  );
  const packageColumns: TableColumn<PulumiRegistryPackage>[] = [
    {
      title: 'Package',
      render: p => (
        <Button
          size="small"
          color="primary"
          aria-pressed={selected === p.name}
          onClick={() => setSelected(p.name)}
        >
          {p.name}
        </Button>
      ),
    },
    { title: 'Newest in use', render: p => p.latest ?? '—' },
    { title: 'Minimum', render: p => p.minimumVersion ?? '—' },
    { title: 'Versions (stacks)', render: p => versionList(p.versions) },
    { title: 'Stacks', field: 'stacks', type: 'numeric' },
    { title: 'Outdated stacks', field: 'outdatedStacks', type: 'numeric' },
  ];
  const componentRows = (components.value?.items ?? []).flatMap(p =>
    p.types.map(t => ({ ...t, package: p.package })),
  );
  return (
    <Box>
      <Box display="flex" mb={2}>
        <OwnerFilter
          id="pulumi-registry-owner"
          value={owner}
          onChange={setOwner}
        />
      </Box>
      {packages.error && <ResponseErrorPanel error={packages.error} />}
      {packages.loading && !packages.value && <Progress />}
      {packages.value?.items.length === 0 && (
        <EmptyState
          missing="data"
          title="No packages in use"
          description="The registry lists the providers and components of the stacks you may read, once the sync has read their states."
        />
      )}
      {!!packages.value?.items.length && (
        <Grid container spacing={2}>
          <Grid item xs={12}>
            <InfoCard title="Versions in use">
              <VersionsChart packages={packages.value.items} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <Table
              title="Packages"
              options={{ paging: false, search: false }}
              columns={packageColumns}
              data={packages.value.items}
            />
          </Grid>
          {selected && (
            <Grid item xs={12}>
              <PackageStacks name={selected} owner={owner} />
            </Grid>
          )}
          <Grid item xs={12}>
            <Table
              title="Components"
              options={{ paging: false, search: false }}
              columns={componentColumns}
              data={componentRows}
            />
          </Grid>
        </Grid>
      )}
      <Box mt={2}>
        <TemplatesTable owner={owner} />
      </Box>
    </Box>
  );
};
