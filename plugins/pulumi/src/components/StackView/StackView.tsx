import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pulumiApiRef, StackLocator } from '../../api';
import { DriftPanel } from './DriftPanel';
import { HistoryTable } from './HistoryTable';
import { OutputsTable } from './OutputsTable';
import { PackagesTable } from './PackagesTable';
import { ResourcesTable } from './ResourcesTable';
import { RunsPanel } from './RunsPanel';
import { StackOverview } from './StackOverview';
import { TtlBanner } from './TtlBanner';

const SECTIONS = [
  'Overview',
  'Resources',
  'Outputs',
  'Packages',
  'History',
  'Runs',
  'Drift',
] as const;

/** A section of a stack's view. */
export type StackSection = (typeof SECTIONS)[number];

/** The section that a path segment names (`drift`, `runs`, …, in any case), if it names one. */
export function stackSection(segment?: string): StackSection | undefined {
  return SECTIONS.find(s => s.toLowerCase() === segment?.toLowerCase());
}

/** Everything about one stack, in sections: overview, resources, outputs, packages, history, runs and drift. */
export const StackView = (props: {
  stack: StackLocator;
  initialSection?: StackSection;
}) => {
  const api = useApi(pulumiApiRef);
  const { stack } = props;
  const [section, setSection] = useState<StackSection>(
    props.initialSection ?? 'Overview',
  );
  const detail = useAsyncRetry(
    () => api.getStack(stack),
    [api, stack.backendId, stack.project, stack.stack],
  );
  if (detail.loading && !detail.value) return <Progress />;
  if (detail.error) return <ResponseErrorPanel error={detail.error} />;
  const value = detail.value!;
  return (
    <Box>
      <TtlBanner stack={stack} stackRef={value.ref} />
      <Tabs
        value={section}
        onChange={(_e, next) => setSection(next)}
        indicatorColor="primary"
        textColor="primary"
        variant="scrollable"
        aria-label="stack sections"
      >
        {SECTIONS.map(s => (
          <Tab key={s} value={s} label={s} />
        ))}
      </Tabs>
      <Box mt={2}>
        {section === 'Overview' && <StackOverview stack={value} />}
        {section === 'Resources' && <ResourcesTable stack={stack} />}
        {section === 'Outputs' && <OutputsTable outputs={value.outputs} />}
        {section === 'Packages' && <PackagesTable stack={stack} />}
        {section === 'History' && <HistoryTable stack={stack} />}
        {section === 'Runs' && <RunsPanel stack={stack} stackRef={value.ref} />}
        {section === 'Drift' && (
          <DriftPanel stack={stack} stackRef={value.ref} />
        )}
      </Box>
    </Box>
  );
};
