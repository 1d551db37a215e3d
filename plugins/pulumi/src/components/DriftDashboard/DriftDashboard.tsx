import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  DRIFT_STATUSES,
  type DriftStatus,
} from '@stackyard/plugin-pulumi-common';
import { useState } from 'react';
import { DriftedStack, pulumiApiRef } from '../../api';
import { StackLink } from '../common/StackLink';
import { DriftStatusChip, driftLabel } from '../common/DriftStatusChip';
import { duration, relativeTime } from '../common/format';
import { DriftChart } from './DriftChart';
import { CursorPager, FilterSelect, useCursorPages } from '../common/paging';
import { useEagerAsync } from '../common/useEagerAsync';
import { OwnerFilter } from '../common/OwnerFilter';

const WINDOWS = [7, 30, 90];

const Count = (props: { status: DriftStatus; count: number }) => (
  <InfoCard>
    <Box textAlign="center" data-testid={`count-${props.status}`}>
      <Typography variant="h3" component="div">
        {props.count}
      </Typography>
      <DriftStatusChip status={props.status} />
    </Box>
  </InfoCard>
);

const DriftedStackItem = (props: { item: DriftedStack }) => {
  const { stack, findings } = props.item;
  return (
    <ListItem divider alignItems="flex-start">
      <ListItemText
        primary={
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <StackLink stack={stack}>
              {stack.project}/{stack.stack}
            </StackLink>
            <Typography variant="caption" color="textSecondary">
              {stack.backendId} · checked {relativeTime(stack.driftCheckedAt)}
            </Typography>
            {stack.owner && <EntityRefLink entityRef={stack.owner} />}
          </Box>
        }
        secondary={
          <Box component="span" display="block">
            {findings.length === 0
              ? 'No finding details'
              : findings.map(f => (
                  <Box component="span" display="block" key={f.urn}>
                    <strong>{f.name}</strong> ({f.type}) {f.kind}
                    {f.properties.length
                      ? `: ${f.properties
                          .filter(p => !p.ignored)
                          .map(p => p.path)
                          .join(', ')}`
                      : ''}
                  </Box>
                ))}
          </Box>
        }
        secondaryTypographyProps={{ component: 'span' }}
      />
    </ListItem>
  );
};

/**
 * Drift across every stack the user may read: counts by status, drifted stacks per day, how long drift
 * takes to resolve, the most drifted resource types and the drifted stacks with their drifted resources,
 * for everyone or one owner.
 *
 * @public
 */
export const DriftDashboard = () => {
  const api = useApi(pulumiApiRef);
  const [owner, setOwner] = useState('');
  const [days, setDays] = useState(30);
  const pages = useCursorPages(owner);
  const summary = useEagerAsync(`pulumi:drift-summary:${days}:${owner}`, () =>
    api.getDriftSummary({ days, owner: owner || undefined }),
  );
  const { cursor } = pages;
  const drifted = useEagerAsync(
    `pulumi:drifted-stacks:${owner}:${cursor ?? ''}`,
    () =>
      api.listDriftedStacks({ owner: owner || undefined, limit: 25, cursor }),
  );

  return (
    <Box>
      <Box display="flex" style={{ gap: 12 }} mb={2}>
        <OwnerFilter
          id="pulumi-drift-owner"
          value={owner}
          onChange={setOwner}
        />
        <FilterSelect
          id="pulumi-drift-window"
          label="Window"
          value={days}
          options={WINDOWS.map(d => ({ value: d, label: `last ${d} days` }))}
          onChange={value => setDays(Number(value))}
        />
      </Box>
      {summary.error && <ResponseErrorPanel error={summary.error} />}
      {summary.loading && <Progress />}
      {summary.value && (
        <Grid container spacing={2}>
          {[...DRIFT_STATUSES].reverse().map(status => (
            <Grid item xs={6} md={3} key={status}>
              <Count
                status={status}
                count={summary.value!.counts[status] ?? 0}
              />
            </Grid>
          ))}
          <Grid item xs={12} md={8}>
            <InfoCard title="Drifted stacks per day">
              <DriftChart days={summary.value.driftedPerDay} />
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={4}>
            <InfoCard title="Time to resolve">
              <Typography variant="h4" component="div">
                {duration(summary.value.timeToResolve.medianSeconds)}
              </Typography>
              <Typography variant="body2">
                median over {summary.value.timeToResolve.episodes} resolved
                episode{summary.value.timeToResolve.episodes === 1 ? '' : 's'};
                mean {duration(summary.value.timeToResolve.meanSeconds)}
              </Typography>
              {summary.value.topResourceTypes.length > 0 && (
                <Box mt={2}>
                  <Typography variant="subtitle2">
                    Most drifted resource types
                  </Typography>
                  {summary.value.topResourceTypes.slice(0, 5).map(t => (
                    <Typography variant="body2" key={t.type}>
                      {t.type}: {t.findings}
                    </Typography>
                  ))}
                </Box>
              )}
            </InfoCard>
          </Grid>
        </Grid>
      )}
      <Box mt={2}>
        <InfoCard title={`${driftLabel('drifted')} stacks`} noPadding>
          {drifted.error && <ResponseErrorPanel error={drifted.error} />}
          {drifted.loading && <Progress />}
          {drifted.value && drifted.value.items.length === 0 && (
            <EmptyState
              missing="data"
              title="No drifted stacks"
              description="At their last checks, every stack matched its state."
            />
          )}
          {drifted.value && drifted.value.items.length > 0 && (
            <List dense aria-label="drifted stacks">
              {drifted.value.items.map(item => (
                <DriftedStackItem key={item.stack.ref} item={item} />
              ))}
            </List>
          )}
          {(pages.page > 1 || drifted.value?.nextCursor) && (
            <CursorPager
              pages={pages}
              nextCursor={drifted.value?.nextCursor}
              loading={drifted.loading}
            />
          )}
        </InfoCard>
      </Box>
    </Box>
  );
};
