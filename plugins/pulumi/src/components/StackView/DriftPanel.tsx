import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  pulumiDriftIgnorePermission,
  pulumiDriftRemediatePermission,
  pulumiStackOperatePermission,
  PulumiDriftCheck,
  PulumiDriftFinding,
} from '@stackyard/plugin-pulumi-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pulumiApiRef, StackLocator } from '../../api';
import { ConfirmButton, ConfirmDialog } from '../common/ConfirmButton';
import { DriftStatusChip } from '../common/DriftStatusChip';
import { relativeTime } from '../common/format';
import { RunProgress } from '../common/RunProgress';
import { FindingDiff } from './FindingDiff';

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

/** Asks for the reason before an ignore rule is added; `undefined` means cancelled. */
const IgnoreDialog = (props: {
  target: { finding: PulumiDriftFinding; property?: string };
  onDone: (reason: string | undefined) => void;
}) => {
  const [reason, setReason] = useState('');
  const { finding, property } = props.target;
  return (
    <ConfirmDialog
      title={`Ignore ${property ? `${property} of ` : ''}${finding.name}?`}
      onCancel={() => props.onDone(undefined)}
      onConfirm={() => props.onDone(reason || 'ignored from Backstage')}
    >
      <Typography variant="body2" paragraph>
        Later checks of this stack will not count{' '}
        {property ? `this property` : 'this resource'} as drift. The rule can be
        removed again.
      </Typography>
      <TextField
        id="pulumi-ignore-reason"
        label="Reason"
        fullWidth
        value={reason}
        onChange={e => setReason(e.target.value)}
      />
    </ConfirmDialog>
  );
};

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
  const [ignoring, setIgnoring] = useState<
    { finding: PulumiDriftFinding; property?: string } | undefined
  >();
  const operate = usePermission({
    permission: pulumiStackOperatePermission,
    resourceRef: stackRef,
  });
  const remediate = usePermission({
    permission: pulumiDriftRemediatePermission,
    resourceRef: stackRef,
  });
  const ignore = usePermission({ permission: pulumiDriftIgnorePermission });

  const act = async (start: () => Promise<{ id: string }>) => {
    try {
      setRunId((await start()).id);
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
  const drifted = value.findings.filter(f => !f.ignored);
  const ignored = value.findings.filter(f => f.ignored);

  return (
    <Box>
      <Box mb={2} display="flex" alignItems="center" style={{ gap: 8 }}>
        <DriftStatusChip status={value.status} size="medium" />
        <Typography variant="body2" style={{ flexGrow: 1 }}>
          {value.lastCheck
            ? `Checked ${relativeTime(value.lastCheck.checkedAt)} by ${
                value.lastCheck.requestedBy
              }`
            : 'Never checked'}
        </Typography>
        {operate.allowed && (
          <Button
            variant="contained"
            color="primary"
            onClick={() => act(() => api.checkDrift(stack))}
          >
            Check now
          </Button>
        )}
        {/* A remediation is also an operation: the backend asks for both. */}
        {operate.allowed && remediate.allowed && drifted.length > 0 && (
          <>
            <ConfirmButton
              label="Accept real state"
              title="Accept the real resources?"
              description="A refresh writes what the resources are now into the stack's state. The code is not changed, so the next update would undo these changes unless the code is changed too."
              onConfirm={() => act(() => api.remediateDrift(stack, 'accept'))}
            />
            {props.hasProgram !== false && (
              <ConfirmButton
                label="Restore code's state"
                title="Restore the resources to the code?"
                description="An update runs the program and puts every drifted resource back as the code says. Changes made outside Pulumi are lost."
                color="secondary"
                onConfirm={() =>
                  act(() => api.remediateDrift(stack, 'restore'))
                }
              />
            )}
          </>
        )}
      </Box>
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
      {drifted.length === 0 && value.status !== 'error' ? (
        <EmptyState
          missing="data"
          title={value.lastCheck ? 'No drift' : 'Not checked yet'}
          description={
            value.lastCheck
              ? 'At the last check, every resource matched the state.'
              : 'Drift checks run on a schedule; "check now" runs one at once.'
          }
        />
      ) : (
        drifted.map(f => (
          <FindingDiff
            key={f.urn}
            finding={f}
            onIgnore={
              ignore.allowed
                ? (finding, property) => setIgnoring({ finding, property })
                : undefined
            }
          />
        ))
      )}
      {ignored.length > 0 && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {ignored.length} resource{ignored.length === 1 ? '' : 's'} differ only
          in ignored properties.
        </Typography>
      )}
      {ignoring && (
        <IgnoreDialog
          target={ignoring}
          onDone={async reason => {
            const target = ignoring;
            setIgnoring(undefined);
            if (reason === undefined) return;
            try {
              await api.addIgnoreRule({
                stack: stackRef,
                urn: target.finding.urn,
                ...(target.property ? { property: target.property } : {}),
                reason,
              });
              reload();
            } catch (e) {
              alertApi.post({
                message: (e as Error).message,
                severity: 'error',
              });
            }
          }}
        />
      )}
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
