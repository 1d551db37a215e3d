import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { PulumiDriftCheck } from '@stackyard/plugin-pulumi-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { PulumiApi, pulumiApiRef, StackLocator } from '../../api';
import { DriftStatusChip } from '../common/DriftStatusChip';
import { relativeTime } from '../common/format';
import { RunProgress } from '../common/RunProgress';
import { DriftFindings } from './DriftFindings';
import { DriftHeader } from './DriftHeader';

const checkColumns: TableColumn<PulumiDriftCheck>[] = [
  { title: 'Checked', render: c => relativeTime(c.checkedAt) },
  {
    title: 'Kind',
    render: c => (c.kind === 'drift-check' ? 'state' : 'state and code'),
  },
  { title: 'Status', render: c => <DriftStatusChip status={c.status} /> },
  { title: 'Drifted resources', field: 'findings' },
  { title: 'Ignored', field: 'ignored' },
  { title: 'Requested by', field: 'requestedBy' },
  { title: 'Error', field: 'error' },
];

/**
 * A stack's drift: the latest findings as a diff per resource and property, the history of checks, and
 * the actions (check now, accept the real state, restore the code's, ignore) for those allowed each.
 */
export const DriftPanel = (props: {
  stack: StackLocator;
  stackRef: string;
  hasProgram?: boolean;
}) => {
  const api = useApi(pulumiApiRef);
  const alertApi = useApi(alertApiRef);
  const { stack, stackRef } = props;
  const deps = [api, stack.backendId, stack.project, stack.stack];
  const report = useAsyncRetry(() => api.getDriftReport(stack), deps);
  const checks = useAsyncRetry(() => api.listDriftChecks(stack, 20), deps);
  const [runId, setRunId] = useState<string | undefined>();

  const start = async (run: (pulumi: PulumiApi) => Promise<{ id: string }>) => {
    try {
      setRunId((await run(api)).id);
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    }
  };
  const reload = () => {
    report.retry();
    checks.retry();
  };

  if (report.loading && !report.value) return <Progress />;
  if (report.error) return <ResponseErrorPanel error={report.error} />;
  const value = report.value!;

  return (
    <Box>
      <DriftHeader
        stack={stack}
        stackRef={stackRef}
        report={value}
        drifted={value.findings.filter(f => !f.ignored).length}
        hasProgram={props.hasProgram}
        onStart={start}
      />
      {runId && (
        <Box mb={2}>
          <InfoCard title="Run">
            <RunProgress
              runId={runId}
              height={160}
              onFinished={run => {
                reload();
                alertApi.post({
                  message: `${run.kind} ${run.status}`,
                  severity: run.status === 'succeeded' ? 'success' : 'error',
                  display: 'transient',
                });
              }}
            />
          </InfoCard>
        </Box>
      )}
      {value.lastCheck?.error && (
        <Box mb={2}>
          <Typography color="error">
            The last check failed: {value.lastCheck.error}
          </Typography>
        </Box>
      )}
      <DriftFindings stackRef={stackRef} report={value} onChanged={reload} />
      <Box mt={3}>
        {checks.error ? (
          <ResponseErrorPanel error={checks.error} />
        ) : (
          <Table<PulumiDriftCheck>
            title="Drift checks"
            isLoading={checks.loading}
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={checkColumns}
            data={checks.value ?? []}
          />
        )}
      </Box>
    </Box>
  );
};
