import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { PulumiStackDetail } from '@stackyard/plugin-pulumi-common';
import { DriftStatusChip } from '../common/DriftStatusChip';
import { duration, relativeTime } from '../common/format';

function nextDriftCheck(stack: PulumiStackDetail): string {
  if (stack.driftIntervalSeconds === 0) return 'scheduled checks off';
  if (!stack.driftNextCheckAt) return '—';
  return `${relativeTime(stack.driftNextCheckAt)}${
    stack.driftIntervalSeconds
      ? ` (every ${duration(stack.driftIntervalSeconds)})`
      : ''
  }`;
}

/** What a stack is and where it stands. */
export const StackOverview = (props: { stack: PulumiStackDetail }) => {
  const { stack } = props;
  return (
    <InfoCard title="Overview">
      <StructuredMetadataTable
        metadata={{
          'state backend': stack.backendId,
          organization: stack.organization,
          project: stack.project,
          stack: stack.stack,
          owner: stack.owner ? <EntityRefLink entityRef={stack.owner} /> : '—',
          'last update': stack.lastUpdate
            ? `${stack.lastUpdate.kind ?? 'update'} ${
                stack.lastUpdate.result ?? ''
              }, ${relativeTime(stack.lastUpdate.time)}`
            : 'never updated',
          resources: stack.resourceCount ?? 0,
          drift: <DriftStatusChip status={stack.driftStatus} />,
          'last drift check': relativeTime(stack.driftCheckedAt),
          'next drift check': nextDriftCheck(stack),
          'catalog entities': stack.entityRefs.length
            ? stack.entityRefs.map(ref => (
                <div key={ref}>
                  <EntityRefLink entityRef={ref} />
                </div>
              ))
            : 'none',
          'reads stacks': stack.stackReferences.length
            ? stack.stackReferences.join(', ')
            : 'none',
          synced: relativeTime(stack.syncedAt),
        }}
      />
    </InfoCard>
  );
};
