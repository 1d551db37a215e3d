import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import {
  MUTATING_RUN_KINDS,
  type PulumiStack,
} from '@stackyard/plugin-pulumi-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { pulumiApiRef } from '../../api';
import { StackLink } from '../common/StackLink';
import { DriftStatusChip } from '../common/DriftStatusChip';
import { renderEntityStacks } from '../common/EntityStacksState';
import { locator, relativeTime, showValue } from '../common/format';
import { useEntityStacks } from '../common/useEntityStacks';
import { ResultStatus } from '../StackView/HistoryTable';
import { SECRET_PLACEHOLDER } from '../StackView/secret';

/** The outputs shown on the card; the stack page has them all. */
const MAX_OUTPUTS = 6;

/**
 * Who made the stack's last update: the user of the Stackyard run that made it, or "outside Stackyard"
 * when no run of Stackyard's ended then (the CLI, CI or another tool).
 */
function updatedBy(
  stack: PulumiStack,
  runs: Array<{ kind: string; finishedAt?: string; requestedBy: string }>,
): string {
  const time = stack.lastUpdate?.time;
  if (!time) return '—';
  const at = new Date(time).getTime();
  const run = runs.find(
    r =>
      MUTATING_RUN_KINDS.includes(r.kind as never) &&
      r.finishedAt &&
      Math.abs(new Date(r.finishedAt).getTime() - at) < 120_000,
  );
  return run ? run.requestedBy : 'outside Stackyard';
}

const StackSummary = (props: { stack: PulumiStack }) => {
  const api = useApi(pulumiApiRef);
  const { stack } = props;
  const { value, loading } = useAsync(async () => {
    const [detail, runs] = await Promise.all([
      api.getStack(locator(stack)),
      api.listRuns(locator(stack), 20).catch(() => []),
    ]);
    return { detail, runs };
  }, [api, stack.ref]);
  const outputs = Object.entries(value?.detail.outputs ?? {});
  return (
    <Box>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
        <Typography variant="h6" style={{ flexGrow: 1 }}>
          <StackLink stack={stack}>
            {stack.project}/{stack.stack}
          </StackLink>
        </Typography>
        <DriftStatusChip status={stack.driftStatus} />
      </Box>
      <Typography variant="body2" component="div">
        Last update:{' '}
        {stack.lastUpdate ? (
          <>
            <ResultStatus result={stack.lastUpdate.result} />{' '}
            {relativeTime(stack.lastUpdate.time)}
            {value ? ` by ${updatedBy(stack, value.runs)}` : ''}
          </>
        ) : (
          'never'
        )}
      </Typography>
      <Typography variant="body2">
        {stack.resourceCount ?? 0} resources · backend {stack.backendId}
      </Typography>
      {loading && <Progress />}
      {outputs.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2">Outputs</Typography>
          {outputs.slice(0, MAX_OUTPUTS).map(([name, output]) => (
            <Typography
              key={name}
              variant="body2"
              style={{ wordBreak: 'break-all' }}
            >
              <code>{name}</code>:{' '}
              {output === SECRET_PLACEHOLDER
                ? SECRET_PLACEHOLDER
                : showValue(output).slice(0, 200)}
            </Typography>
          ))}
          {outputs.length > MAX_OUTPUTS && (
            <Typography variant="caption">
              and {outputs.length - MAX_OUTPUTS} more on the stack page
            </Typography>
          )}
        </Box>
      )}
    </Box>
  );
};

/**
 * The stacks of an entity, from its `pulumi.com/project-slug` annotation: for each, its drift, last
 * update and outputs. Several stacks show as tabs.
 *
 * @public
 */
export const EntityPulumiStacksCard = () => {
  const { entity } = useEntity();
  const stacks = useEntityStacks(entity);
  const [selected, setSelected] = useState(0);
  return (
    <InfoCard title="Pulumi stacks">
      {renderEntityStacks(stacks, items => (
        <>
          {items.length > 1 && (
            <Tabs
              value={Math.min(selected, items.length - 1)}
              onChange={(_e, v) => setSelected(v)}
              variant="scrollable"
              indicatorColor="primary"
              aria-label="stacks"
            >
              {items.map(s => (
                <Tab key={s.ref} label={s.stack} />
              ))}
            </Tabs>
          )}
          <Box mt={items.length > 1 ? 2 : 0}>
            <StackSummary stack={items[Math.min(selected, items.length - 1)]} />
          </Box>
        </>
      ))}
    </InfoCard>
  );
};
