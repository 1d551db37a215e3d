import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import {
  DRIFT_STATUSES,
  mapConcurrently,
  type DriftStatus,
  PULUMI_PROJECT_SLUG_ANNOTATION,
  type PulumiStack,
} from '@stackyard/plugin-pulumi-common';
import useAsync from 'react-use/esm/useAsync';
import { PulumiApi, pulumiApiRef } from '../../api';
import { StackLink } from '../common/StackLink';
import { DriftStatusChip } from '../common/DriftStatusChip';

/** A component or system with the stacks behind it. */
export interface ServiceRow {
  entityRef: string;
  kind: 'Component' | 'System';
  title: string;
  owner?: string;
  system?: string;
  stacks: PulumiStack[];
  worst?: DriftStatus;
}

/** The worst drift status among stacks: drifted over error over unknown over in sync. */
export function worstDrift(stacks: PulumiStack[]): DriftStatus | undefined {
  let worst: number | undefined;
  for (const s of stacks) {
    const rank = DRIFT_STATUSES.indexOf(s.driftStatus);
    if (worst === undefined || rank > worst) worst = rank;
  }
  return worst === undefined ? undefined : DRIFT_STATUSES[worst];
}

/** Components that name stacks, and the systems they belong to, with their stacks. */
export async function loadServices(
  catalog: {
    getEntities(request: unknown): Promise<{ items: Entity[] }>;
  },
  api: Pick<PulumiApi, 'listStacks'>,
): Promise<ServiceRow[]> {
  const { items: entities } = await catalog.getEntities({
    filter: {
      kind: ['Component', 'System'],
      [`metadata.annotations.${PULUMI_PROJECT_SLUG_ANNOTATION}`]:
        CATALOG_FILTER_EXISTS,
    },
    fields: ['kind', 'metadata', 'spec.owner', 'spec.system'],
  });
  const rows: ServiceRow[] = await mapConcurrently(
    entities,
    4,
    async entity => {
      const entityRef = stringifyEntityRef(entity);
      const stacks = (await api.listStacks({ entityRef, limit: 100 })).items;
      const spec = (entity.spec ?? {}) as { owner?: string; system?: string };
      return {
        entityRef,
        kind: entity.kind as ServiceRow['kind'],
        title: entity.metadata.title ?? entity.metadata.name,
        owner: spec.owner
          ? stringifyEntityRef(
              parseEntityRef(spec.owner, {
                defaultKind: 'group',
                defaultNamespace: entity.metadata.namespace ?? 'default',
              }),
            )
          : undefined,
        system: spec.system
          ? stringifyEntityRef(
              parseEntityRef(spec.system, {
                defaultKind: 'system',
                defaultNamespace: entity.metadata.namespace ?? 'default',
              }),
            )
          : undefined,
        stacks,
        worst: worstDrift(stacks),
      };
    },
  );
  // Systems are listed with the stacks of their components too.
  const systems = new Map<string, ServiceRow>();
  for (const row of rows) {
    if (row.kind === 'System') systems.set(row.entityRef, row);
  }
  for (const row of rows) {
    if (row.kind !== 'Component' || !row.system) continue;
    const system =
      systems.get(row.system) ??
      ({
        entityRef: row.system,
        kind: 'System',
        title: parseEntityRef(row.system).name,
        stacks: [],
      } as ServiceRow);
    system.stacks = [
      ...system.stacks,
      ...row.stacks.filter(s => !system.stacks.some(o => o.ref === s.ref)),
    ];
    system.worst = worstDrift(system.stacks);
    systems.set(row.system, system);
  }
  const components = rows.filter(r => r.kind === 'Component');
  return [...systems.values(), ...components].sort(
    (a, b) =>
      DRIFT_STATUSES.indexOf(b.worst ?? 'in_sync') -
        DRIFT_STATUSES.indexOf(a.worst ?? 'in_sync') ||
      a.entityRef.localeCompare(b.entityRef),
  );
}

/**
 * The catalog's components and systems with the stacks behind them, their worst drift and owner, worst
 * first.
 *
 * @public
 */
export const ServicesView = () => {
  const catalog = useApi(catalogApiRef);
  const api = useApi(pulumiApiRef);
  const { value, loading, error } = useAsync(
    () => loadServices(catalog as never, api),
    [catalog, api],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.length === 0) {
    return (
      <EmptyState
        missing="info"
        title="No services with stacks"
        description={`Components and systems show here once they name their stacks with the ${PULUMI_PROJECT_SLUG_ANNOTATION} annotation.`}
      />
    );
  }
  const columns: TableColumn<ServiceRow>[] = [
    {
      title: 'Service',
      render: r => <EntityRefLink entityRef={r.entityRef} title={r.title} />,
    },
    { title: 'Kind', field: 'kind' },
    {
      title: 'Owner',
      render: r => (r.owner ? <EntityRefLink entityRef={r.owner} /> : '—'),
    },
    {
      title: 'Worst drift',
      render: r => (r.worst ? <DriftStatusChip status={r.worst} /> : '—'),
    },
    {
      title: 'Stacks',
      render: r => (
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
          {r.stacks.length === 0
            ? 'none found'
            : r.stacks.map(s => (
                <StackLink key={s.ref} stack={s}>
                  {s.project}/{s.stack}
                </StackLink>
              ))}
        </Box>
      ),
    },
  ];
  return (
    <Table<ServiceRow>
      title="Services and their stacks"
      options={{ paging: value.length > 25, pageSize: 25, padding: 'dense' }}
      columns={columns}
      data={value}
    />
  );
};
